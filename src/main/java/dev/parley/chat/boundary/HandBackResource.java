package dev.parley.chat.boundary;

import dev.parley.chat.control.ChatWire;
import dev.parley.chat.control.Conversations;
import dev.parley.identity.boundary.Allowed;
import dev.parley.identity.boundary.Views;
import dev.parley.identity.entity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An agent gives a conversation back to the bot: the only way the bot speaks after a handoff. */
@Path("conversations/{id}/hand-back")
@Tag(name = "Conversations")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Allowed(roles = Role.AGENT)
public class HandBackResource {

  @Inject Conversations conversations;

  @POST
  @Operation(summary = "Hand the conversation back to the bot")
  public JsonObject handBack(@PathParam("id") long id, @Context SecurityContext security) {
    return ChatWire.conversationForStaff(conversations.handBack(id, Views.caller(security)));
  }
}
