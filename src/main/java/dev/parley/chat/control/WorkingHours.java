package dev.parley.chat.control;

import dev.parley.chat.entity.Conversation;
import dev.parley.chat.entity.Inbox;
import dev.parley.identity.control.Teams;
import dev.parley.identity.entity.BusinessHours;
import dev.parley.identity.entity.Team;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The calendar a conversation's clocks count in: its team's business hours, else its inbox's, else
 * around the clock (the definitions are in {@code dev.parley.analytics}).
 */
@ApplicationScoped
public class WorkingHours {

  @Inject Teams teams;

  public BusinessHours of(Conversation c, Inbox inbox) {
    if (c.teamId() != null) {
      var team = teams.find(c.teamId()).filter(Team::hasBusinessHours);
      if (team.isPresent()) {
        return team.get().calendar();
      }
    }
    return inbox.businessHours().orElse(BusinessHours.ALWAYS);
  }
}
