package dev.parley.ticket.control;

import dev.parley.integration.control.Outbox;
import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import dev.parley.ticket.entity.Contact;
import dev.parley.ticket.entity.Organization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Contacts, the requesters of tickets, deduplicated by email (ignoring case) and by external id;
 * and their organizations, created by name on first mention.
 */
@ApplicationScoped
public class Contacts {

  /** What a caller says about a contact; any of the fields may be missing. */
  public record ContactInput(String name, String email, String externalId, String organization) {}

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;

  /** Creates a contact; 409 naming the existing one when its email or external id is taken. */
  @Transactional
  public Contact create(ContactInput input) {
    Optional<Contact> existing = existing(input);
    if (existing.isPresent()) {
      throw new Conflict(
              "Contact " + existing.get().id() + " already has this email or external id")
          .field(
              input.email() != null
                      && existing.get().email() != null
                      && existing.get().email().equalsIgnoreCase(input.email().trim())
                  ? "email"
                  : "externalId",
              "belongs to contact " + existing.get().id());
    }
    return persist(input);
  }

  /**
   * The contact an input identifies (by external id, then email), else a new one. Missing details
   * of an existing contact are filled in; present ones are not overwritten.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Contact resolve(ContactInput input) {
    Optional<Contact> existing = existing(input);
    if (existing.isEmpty()) {
      return persist(input);
    }
    Contact c = existing.get();
    if (c.name() == null && input.name() != null) {
      c.rename(input.name());
    }
    if (c.email() == null && input.email() != null && byEmail(input.email()).isEmpty()) {
      c.changeEmail(input.email());
    }
    if (c.externalId() == null
        && input.externalId() != null
        && byExternalId(input.externalId()).isEmpty()) {
      c.changeExternalId(input.externalId());
    }
    if (c.organization() == null && input.organization() != null) {
      c.joinOrganization(organization(input.organization()));
    }
    return c;
  }

  /**
   * The contact a website vouches for (a verified widget visitor): found by external id only, never
   * by the unsigned email, else created, its email kept only when no other contact has it.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Contact forVerifiedUser(String externalId, String name, String email) {
    Optional<Contact> known = byExternalId(externalId);
    if (known.isPresent()) {
      if (known.get().name() == null && name != null && !name.isBlank()) {
        known.get().rename(name);
      }
      return known.get();
    }
    String freeEmail = email != null && !email.isBlank() && byEmail(email).isEmpty() ? email : null;
    return persist(
        new ContactInput(
            name == null || name.isBlank() ? null : name, freeEmail, externalId, null));
  }

  private Optional<Contact> existing(ContactInput input) {
    Optional<Contact> found =
        input.externalId() == null || input.externalId().isBlank()
            ? Optional.empty()
            : byExternalId(input.externalId().trim());
    if (found.isEmpty() && input.email() != null && !input.email().isBlank()) {
      found = byEmail(input.email());
    }
    return found;
  }

  private Contact persist(ContactInput input) {
    Contact c = new Contact(input.name(), input.email(), input.externalId());
    if (input.organization() != null) {
      c.joinOrganization(organization(input.organization()));
    }
    em.persist(c);
    outbox.record(
        "contact.created",
        "contact",
        c.id(),
        Jsons.object().add("id", c.id()).add("name", String.valueOf(c.displayName())).build());
    return c;
  }

  private Optional<Contact> byEmail(String email) {
    return em.createNamedQuery(Contact.BY_EMAIL, Contact.class)
        .setParameter("key", Contact.emailKey(email))
        .getResultStream()
        .findFirst();
  }

  private Optional<Contact> byExternalId(String externalId) {
    return em.createNamedQuery(Contact.BY_EXTERNAL_ID, Contact.class)
        .setParameter("externalId", externalId)
        .getResultStream()
        .findFirst();
  }

  /** The organization of that name, created when new. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Organization organization(String name) {
    if (name.isBlank() || name.length() > 200) {
      throw new Invalid("organization name is invalid")
          .field("organization", "1 to 200 characters");
    }
    return em.createNamedQuery(Organization.BY_NAME, Organization.class)
        .setParameter("key", Organization.key(name))
        .getResultStream()
        .findFirst()
        .orElseGet(
            () -> {
              Organization o = new Organization(name);
              em.persist(o);
              return o;
            });
  }

  @Transactional
  public Contact find(long id) {
    Contact c = em.find(Contact.class, id);
    if (c == null) {
      throw new NotFound("No contact " + id);
    }
    return c;
  }

  /**
   * Contacts by a query over name and email (a prefix, ignoring case), or exactly by email or
   * external id; ordered by id, after the given id (cursor).
   */
  @Transactional
  public List<Contact> list(String query, String email, String externalId, long after, int limit) {
    StringBuilder jpql = new StringBuilder("SELECT c FROM Contact c WHERE c.id > :after");
    if (query != null) {
      jpql.append(" AND (LOWER(c.name) LIKE :q OR c.emailKey LIKE :q)");
    }
    if (email != null) {
      jpql.append(" AND c.emailKey = :email");
    }
    if (externalId != null) {
      jpql.append(" AND c.externalId = :externalId");
    }
    var q = em.createQuery(jpql.append(" ORDER BY c.id").toString(), Contact.class);
    q.setParameter("after", after);
    if (query != null) {
      q.setParameter(
          "q", query.toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (email != null) {
      q.setParameter("email", Contact.emailKey(email));
    }
    if (externalId != null) {
      q.setParameter("externalId", externalId);
    }
    return q.setMaxResults(limit).getResultList();
  }

  /** Changes a contact's details; email and external id stay unique. */
  @Transactional
  public Contact change(long id, ContactInput input, boolean clearOrganization) {
    Contact c = find(id);
    if (input.name() != null) {
      c.rename(input.name());
    }
    if (input.email() != null) {
      byEmail(input.email())
          .filter(other -> !other.id().equals(c.id()))
          .ifPresent(
              other -> {
                throw new Conflict("Another contact has this email")
                    .field("email", "belongs to contact " + other.id());
              });
      c.changeEmail(input.email());
    }
    if (input.externalId() != null) {
      byExternalId(input.externalId())
          .filter(other -> !other.id().equals(c.id()))
          .ifPresent(
              other -> {
                throw new Conflict("Another contact has this external id")
                    .field("externalId", "belongs to contact " + other.id());
              });
      c.changeExternalId(input.externalId());
    }
    if (clearOrganization) {
      c.joinOrganization(null);
    } else if (input.organization() != null) {
      c.joinOrganization(organization(input.organization()));
    }
    if (c.email() == null && c.externalId() == null) {
      throw new Invalid("A contact needs an email or an external id")
          .field("email", "email or externalId is required");
    }
    outbox.record("contact.updated", "contact", c.id(), Jsons.object().add("id", c.id()).build());
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return c;
  }
}
