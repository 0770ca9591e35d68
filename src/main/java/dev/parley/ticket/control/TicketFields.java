package dev.parley.ticket.control;

import dev.parley.platform.errors.Conflict;
import dev.parley.platform.errors.Invalid;
import dev.parley.platform.errors.NotFound;
import dev.parley.platform.json.Jsons;
import dev.parley.ticket.entity.FieldType;
import dev.parley.ticket.entity.TicketField;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Admin-defined ticket fields, and the checking of the values tickets give them. */
@ApplicationScoped
public class TicketFields {

  @PersistenceContext EntityManager em;

  @Transactional
  public List<TicketField> all() {
    return em.createNamedQuery(TicketField.ALL, TicketField.class).getResultList();
  }

  @Transactional
  public TicketField create(
      String key, String label, FieldType type, List<String> options, boolean requiredToSolve) {
    if (!em.createNamedQuery(TicketField.BY_KEY, TicketField.class)
        .setParameter("key", key)
        .getResultList()
        .isEmpty()) {
      throw new Conflict("A field with the key " + key + " exists").field("key", "is taken");
    }
    TicketField field = new TicketField(key, label, type, options);
    field.requireToSolve(requiredToSolve);
    em.persist(field);
    return field;
  }

  @Transactional
  public TicketField change(
      long id, String label, List<String> options, Boolean requiredToSolve, Boolean active) {
    TicketField field = em.find(TicketField.class, id);
    if (field == null) {
      throw new NotFound("No ticket field " + id);
    }
    if (label != null) {
      field.relabel(label);
    }
    if (options != null) {
      field.changeOptions(options);
    }
    if (requiredToSolve != null) {
      field.requireToSolve(requiredToSolve);
    }
    if (active != null) {
      field.activate(active);
    }
    em.flush(); // a concurrent change is a conflict (409) here, not an error logged at commit
    return field;
  }

  /**
   * Applies a JSON Merge Patch of values to the current ones: each key must be an active field and
   * each value valid for it; null removes a value.
   *
   * @return the new values as a JSON object string
   * @throws Invalid naming every offending {@code customFields/<key>}
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public String merge(String current, JsonObject patch) {
    Map<String, TicketField> fields =
        all().stream().collect(Collectors.toMap(TicketField::key, Function.identity()));
    Map<String, JsonValue> values = new LinkedHashMap<>(Jsons.read(current));
    Invalid invalid = null;
    for (Map.Entry<String, JsonValue> e : patch.entrySet()) {
      TicketField field = fields.get(e.getKey());
      String problem;
      if (field == null) {
        problem = "is not a ticket field";
      } else if (!field.active() && e.getValue().getValueType() != JsonValue.ValueType.NULL) {
        problem = "is an inactive field";
      } else {
        problem = field.problemWith(e.getValue());
      }
      if (problem != null) {
        invalid = invalid == null ? new Invalid("Some custom fields are invalid") : invalid;
        invalid.field("customFields/" + e.getKey(), problem);
      } else if (e.getValue().getValueType() == JsonValue.ValueType.NULL) {
        values.remove(e.getKey());
      } else {
        values.put(e.getKey(), e.getValue());
      }
    }
    if (invalid != null) {
      throw invalid;
    }
    JsonObjectBuilder out = Jsons.object();
    new TreeSet<>(values.keySet()).forEach(k -> out.add(k, values.get(k)));
    return out.build().toString();
  }

  /** The active fields required to solve that the values leave empty. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Set<String> missingToSolve(String values) {
    JsonObject v = Jsons.read(values);
    return all().stream()
        .filter(f -> f.active() && f.requiredToSolve())
        .map(TicketField::key)
        .filter(
            key ->
                !v.containsKey(key)
                    || (v.get(key) instanceof jakarta.json.JsonString s && s.getString().isBlank()))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
