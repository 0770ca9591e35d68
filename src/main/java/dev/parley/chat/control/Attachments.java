package dev.parley.chat.control;

import dev.parley.chat.entity.Attachment;
import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Inbox;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.files.Downloads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Files in conversations: size and type limits per inbox, the type sniffed from the content (Apache
 * Tika's magic detection), stored in the database so every node serves them, and announced as a
 * message in the conversation.
 */
@ApplicationScoped
public class Attachments {

  /** Thrown when an upload is larger than the inbox allows (413). */
  public static class TooLarge extends Invalid {
    public TooLarge(long limit) {
      super("The file is larger than this inbox allows (" + limit + " bytes)");
      field("file", "at most " + limit + " bytes");
    }
  }

  @PersistenceContext EntityManager em;
  @Inject Conversations conversations;
  @Inject Inboxes inboxes;

  /** A stored attachment and the message announcing it. */
  public record Uploaded(Attachment attachment, Conversations.Posted posted) {}

  /**
   * Reads an upload (at most the inbox's limit), sniffs its type, checks it against the inbox's
   * allowed types, stores it and posts it as a message with the client id.
   */
  @Transactional
  public Uploaded upload(
      long conversationId,
      Participant who,
      String clientId,
      String fileName,
      long declaredLength,
      InputStream body) {
    Conversation c = conversations.visible(conversationId, who);
    Inbox inbox = inboxes.require(c.inboxId());
    if (clientId != null) {
      var earlier = conversations.byClientId(c.id(), clientId);
      if (earlier.isPresent() && earlier.get().attachmentId() != null) {
        return new Uploaded(
            em.find(Attachment.class, earlier.get().attachmentId()),
            new Conversations.Posted(earlier.get(), true));
      }
    }
    if (declaredLength > inbox.maxAttachmentBytes()) {
      throw new TooLarge(inbox.maxAttachmentBytes()); // refused before a byte is read
    }
    byte[] content = readAtMost(body, inbox.maxAttachmentBytes());
    if (content.length == 0) {
      throw new Invalid("The file is empty").field("file", "must not be empty");
    }
    // the file is read; now the conversation's lock, before anything refers to it (no deadlock
    // between two uploads, and no lock held while a slow client sends its bytes)
    conversations.visibleForUpdate(conversationId, who);
    String name = Attachment.safeName(fileName);
    String type = sniff(content);
    if (!inbox.attachmentTypes().contains(type)) {
      throw new Invalid("This inbox does not accept " + type + " files")
          .field(
              "file", "is " + type + "; accepted: " + String.join(", ", inbox.attachmentTypes()));
    }
    String uploader =
        who instanceof Participant.Staff s
            ? "user:" + s.caller().id()
            : "visitor:" + ((Participant.Visitor) who).visitorId();
    Attachment attachment = new Attachment(c.id(), name, type, content, sha256(content), uploader);
    em.persist(attachment);
    em.flush();
    Conversations.Posted posted =
        conversations.postAttachment(c.id(), who, clientId, name, attachment.id());
    posted.message().attachedAs(type); // before the commit, which the message's event waits for
    return new Uploaded(attachment, posted);
  }

  /** An attachment if the participant may see its conversation. */
  @Transactional
  public Attachment find(long id, Participant who) {
    Attachment attachment = em.find(Attachment.class, id);
    if (attachment == null) {
      throw new NotFound("No attachment " + id);
    }
    try {
      conversations.visible(attachment.conversationId(), who);
    } catch (NotFound e) {
      throw new NotFound("No attachment " + id);
    }
    attachment.content(); // load the lazy content inside the transaction
    return attachment;
  }

  /** The content's type from its bytes alone: the client's name and type are not trusted. */
  static String sniff(byte[] content) {
    String type = Downloads.sniff(content);
    return type == null ? "application/octet-stream" : type.toLowerCase(java.util.Locale.ROOT);
  }

  private static byte[] readAtMost(InputStream body, long limit) {
    try {
      byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (content.length > limit) {
        throw new TooLarge(limit);
      }
      return content;
    } catch (IOException e) {
      throw new Invalid("The upload was interrupted")
          .field("file", dev.parley.platform.json.Texts.echo(e.getMessage()));
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
