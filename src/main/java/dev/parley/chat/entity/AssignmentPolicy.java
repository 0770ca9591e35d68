package dev.parley.chat.entity;

/** How an inbox hands new conversations to agents. */
public enum AssignmentPolicy {
  /** The next online agent with free capacity, in turn. */
  ROUND_ROBIN,
  /** The online agent with the fewest open conversations (and free capacity). */
  LEAST_LOAD,
  /** Nobody is assigned automatically; agents claim. */
  MANUAL
}
