package dev.parley.assist.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The daily token budget ({@code parley.assist.daily-token-budget}, UTC days, all nodes together):
 * once spent, AI answers come from the knowledge base alone until midnight UTC.
 */
@ApplicationScoped
public class TokenBudget {

  @PersistenceContext EntityManager em;
  @Inject dev.parley.platform.config.Settings settings;

  @Inject
  @ConfigProperty(name = "parley.assist.daily-token-budget", defaultValue = "2000000")
  long dailyBudget;

  @Transactional
  public boolean available() {
    return spentToday() < dailyBudget;
  }

  @Transactional
  public long spentToday() {
    List<?> rows =
        em.createNativeQuery("SELECT tokens FROM ai_usage WHERE usage_day = ?")
            .setParameter(1, today())
            .getResultList();
    return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
  }

  public long dailyBudget() {
    return dailyBudget;
  }

  /** Adds to today's tokens in one statement (concurrent first calls of a day do not clash). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void spend(int tokens) {
    if (tokens <= 0) {
      return;
    }
    String upsert =
        settings.embeddedDatabase()
            ? "MERGE INTO ai_usage u USING (VALUES (CAST(? AS DATE), CAST(? AS BIGINT))) v(d, t)"
                + " ON u.usage_day = v.d WHEN MATCHED THEN UPDATE SET tokens = u.tokens + v.t"
                + " WHEN NOT MATCHED THEN INSERT (usage_day, tokens) VALUES (v.d, v.t)"
            : "INSERT INTO ai_usage (usage_day, tokens) VALUES (?, ?) ON CONFLICT (usage_day) DO"
                + " UPDATE SET tokens = ai_usage.tokens + EXCLUDED.tokens";
    em.createNativeQuery(upsert)
        .setParameter(1, today())
        .setParameter(2, (long) tokens)
        .executeUpdate();
  }

  private static java.sql.Date today() {
    return java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC));
  }
}
