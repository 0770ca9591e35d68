package dev.parley.chat.entity;

import dev.parley.platform.errors.Invalid;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How many open conversations an agent takes at once (automatic assignment respects it). */
@Entity
@Table(name = "agent_capacity")
public class AgentCapacity {

  @Id
  @Column(name = "user_id")
  private long userId;

  @Column(nullable = false)
  private int capacity;

  protected AgentCapacity() {}

  public AgentCapacity(long userId, int capacity) {
    this.userId = userId;
    change(capacity);
  }

  public void change(int capacity) {
    if (capacity < 0 || capacity > 100) {
      throw new Invalid("Capacity is 0 to 100").field("capacity", "must be 0 to 100");
    }
    this.capacity = capacity;
  }

  public long userId() {
    return userId;
  }

  public int capacity() {
    return capacity;
  }
}
