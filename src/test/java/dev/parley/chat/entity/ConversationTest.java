package dev.parley.chat.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CH-2, CH-5: a conversation guards its state machine, numbering and rating. */
class ConversationTest {

  private static Conversation waiting() {
    return new Conversation(1, "v_1", Map.of("name", "Ada", "plan", "pro"), false);
  }

  @Test
  void withoutABotItWaitsForAnAgentAndKeepsCustomFieldsApart() {
    Conversation c = waiting();
    assertEquals(ConversationState.HANDOFF_PENDING, c.state());
    assertEquals("Ada", c.visitorName());
    assertEquals("pro", c.fields().getString("plan"));
    assertFalse(c.fields().containsKey("name"));
    assertEquals(ConversationState.BOT, new Conversation(1, "v", Map.of(), true).state());
  }

  @Test
  void theListsPreviewIsTheLastPublicMessageOnOneShortLine() {
    Conversation c = waiting();
    assertNull(c.lastMessage());
    c.append(MessageKind.VISITOR, null, "Ada", "a", "  my order\n\n  is   late ", null);
    assertEquals("my order is late", c.lastMessage());
    assertEquals(MessageKind.VISITOR, c.lastMessageKind());
    // notes and Parley's own lines are not the conversation's last word
    c.append(MessageKind.NOTE, 7L, "Bo", "b", "vip customer", null);
    c.append(MessageKind.SYSTEM, null, null, null, "Bo joined the conversation", null);
    assertEquals("my order is late", c.lastMessage());
    // long text is cut at a character, never inside one (an emoji is two chars)
    String emoji = "\uD83D\uDE00";
    c.append(MessageKind.AGENT, 7L, "Bo", "c", emoji.repeat(300), null);
    assertEquals(MessageKind.AGENT, c.lastMessageKind());
    assertEquals(
        Conversation.PREVIEW_LENGTH, c.lastMessage().codePointCount(0, c.lastMessage().length()));
    assertTrue(c.lastMessage().endsWith(emoji + "…"));
  }

  @Test
  void messagesAreNumberedAndVisitorsPrevSkipsNotes() {
    Conversation c = waiting();
    Message first = c.append(MessageKind.VISITOR, null, "Ada", "a", "hi", null);
    Message note = c.append(MessageKind.NOTE, 7L, "Bo", "b", "vip", null);
    Message reply = c.append(MessageKind.AGENT, 7L, "Bo", "c", "hello", null);
    assertEquals(1, first.seq());
    assertEquals(2, note.seq());
    assertEquals(3, reply.seq());
    assertEquals(0, first.prevPublicSeq());
    assertEquals(1, reply.prevPublicSeq(), "the note is skipped");
    assertEquals(3, c.lastSeq());
    assertEquals(3, c.lastPublicSeq());
  }

  @Test
  void aClaimOnAConversationAnotherAgentHoldsIsAConflict() {
    Conversation c = waiting();
    c.claim(7, 3L);
    assertEquals(ConversationState.HUMAN, c.state());
    c.claim(7, 3L); // claiming again is harmless
    Conflict conflict = assertThrows(Conflict.class, () -> c.claim(8, 3L));
    assertEquals("7", conflict.fields().get("assignee"));
  }

  @Test
  void transferToATeamReleasesTheAgent() {
    Conversation c = waiting();
    c.assign(7, 3L);
    c.transferToTeam(4);
    assertNull(c.assigneeId());
    assertEquals(4L, c.teamId());
    assertEquals(ConversationState.HANDOFF_PENDING, c.state());
  }

  @Test
  void closeReopenAndRateFollowTheRules() {
    Conversation c = waiting();
    assertThrows(Conflict.class, () -> c.rate(5, null), "rated only when closed");
    assertThrows(Conflict.class, c::reopen, "only a closed one reopens");
    c.assign(7, null);
    c.close(java.time.Instant.now(), dev.parley.identity.entity.BusinessHours.ALWAYS);
    assertThrows(
        Conflict.class,
        () -> c.close(java.time.Instant.now(), dev.parley.identity.entity.BusinessHours.ALWAYS));
    assertThrows(Conflict.class, c::requireOpen);
    assertThrows(Conflict.class, () -> c.claim(7, null));
    assertThrows(Invalid.class, () -> c.rate(6, null));
    assertThrows(Invalid.class, () -> c.rate(0, null));
    c.rate(4, "  thanks  ");
    assertEquals(4, c.csatScore());
    assertEquals("thanks", c.csatComment());
    assertThrows(Conflict.class, () -> c.rate(5, null), "once");
    c.reopen();
    assertEquals(ConversationState.HUMAN, c.state(), "back to its agent");
    assertNull(c.closedAt());
  }

  @Test
  void readReceiptsNeverGoBackNorBeyondTheLastMessage() {
    Conversation c = waiting();
    c.append(MessageKind.VISITOR, null, null, "a", "1", null);
    c.append(MessageKind.VISITOR, null, null, "b", "2", null);
    assertTrue(c.markRead(false, 5));
    assertEquals(2, c.agentReadSeq());
    assertFalse(c.markRead(false, 1));
    assertEquals(2, c.agentReadSeq());
    assertTrue(c.markRead(true, 1));
    assertEquals(1, c.visitorReadSeq());
  }

  @Test
  void theBotHandsOffOnceNeverSpeaksAfterwardsAndOnlyAnAgentHandsBack() {
    Conversation c = new Conversation(1, "v", Map.of(), true);
    assertTrue(c.botMaySpeak());
    c.awaitBotFeedback(true);
    assertTrue(c.botAwaitingFeedback());
    assertTrue(c.handOff("asked_for_human", 7L, "wants a refund"));
    assertEquals(ConversationState.HANDOFF_PENDING, c.state());
    assertEquals(7L, c.teamId());
    assertEquals("asked_for_human", c.handoffReason());
    assertFalse(c.botAwaitingFeedback());
    assertFalse(c.botMaySpeak());
    assertFalse(c.handOff("again", null, null), "a second handoff changes nothing");
    assertThrows(Conflict.class, () -> c.resolveByBot(java.time.Instant.now()));
    c.claim(3, 7L);
    assertEquals(ConversationState.HUMAN, c.state());
    c.handBack();
    assertEquals(ConversationState.BOT, c.state());
    assertNull(c.assigneeId());
    assertThrows(Conflict.class, c::handBack);
  }

  @Test
  void aYesFromTheVisitorClosesTheConversationAsResolvedByTheBot() {
    Conversation c = new Conversation(1, "v", Map.of(), true);
    c.resolveByBot(java.time.Instant.now());
    assertEquals(ConversationState.CLOSED, c.state());
    assertTrue(c.botResolved());
  }

  /** AN-1: the people's clocks start at the handoff and count the team's open hours only. */
  @Test
  void firstResponseAndResolutionCountOpenHoursFromTheHandoff() {
    dev.parley.identity.entity.BusinessHours nineToFive =
        dev.parley.identity.entity.BusinessHours.parse(
            "{\"timeZone\":\"UTC\",\"weekly\":{\"monday\":[[\"09:00\",\"17:00\"]],"
                + "\"tuesday\":[[\"09:00\",\"17:00\"]]}}");
    java.time.Instant monday = java.time.Instant.parse("2026-03-02T16:00:00Z");
    Conversation c = new Conversation(1, "v", Map.of(), true, monday);
    assertTrue(c.startedWithBot());
    assertNull(c.handedOffAt());
    c.responded(monday.plusSeconds(60), nineToFive); // an agent jumping in is a handoff too
    assertEquals(0L, c.firstResponseSeconds());

    Conversation d = new Conversation(1, "v", Map.of(), true, monday);
    d.handOff("not_helped", null, null, monday.plusSeconds(1800)); // 16:30
    d.responded(java.time.Instant.parse("2026-03-03T09:15:00Z"), nineToFive);
    assertEquals(45 * 60L, d.firstResponseSeconds(), "30 min on Monday, 15 on Tuesday");
    d.responded(java.time.Instant.parse("2026-03-03T10:00:00Z"), nineToFive);
    assertEquals(45 * 60L, d.firstResponseSeconds(), "only the first answer counts");
    d.close(java.time.Instant.parse("2026-03-03T10:30:00Z"), nineToFive);
    assertEquals(120 * 60L, d.resolutionSeconds());
    d.reopen();
    assertNull(d.resolutionSeconds());

    Conversation noBot = new Conversation(1, "v", Map.of(), false, monday);
    assertFalse(noBot.startedWithBot());
    assertEquals(monday, noBot.handedOffAt().toInstant());
    Conversation byBot = new Conversation(1, "v", Map.of(), true, monday);
    byBot.resolveByBot(monday.plusSeconds(60));
    assertNull(byBot.resolutionSeconds(), "the bot's resolutions are the bot's figures");
  }
}
