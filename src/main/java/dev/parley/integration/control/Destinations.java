package dev.parley.integration.control;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Where webhooks may go (server-side request forgery). A URL must be http(s) with a host and no
 * credentials; and at delivery time — not only when the URL is saved, as DNS can change — every
 * address its host resolves to must be public: not loopback, unspecified, link-local (cloud
 * metadata, 169.254.169.254), private, unique-local (fd00:ec2::254), carrier-grade NAT, multicast,
 * broadcast or reserved, also when written as an IPv4-mapped, -compatible, NAT64 or 6to4 IPv6
 * address. The check runs in the HTTP client's own resolver, so the address checked is the address
 * connected to. Redirects are not followed (see the sender). {@code PARLEY_WEBHOOKS_ALLOW_PRIVATE}
 * (comma-separated CIDR ranges) lets on-premises receivers through.
 */
public final class Destinations implements DnsResolver {

  /** A URL refused, with why. */
  public static class Refused extends UnknownHostException {
    public Refused(String message) {
      super(message);
    }
  }

  /** An address range: an address and a prefix length. */
  public record Range(byte[] address, int prefix) {
    public static Range parse(String cidr) {
      String[] parts = cidr.strip().split("/");
      try {
        byte[] a = InetAddress.getByName(literal(parts[0])).getAddress();
        int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : a.length * 8;
        if (prefix < 0 || prefix > a.length * 8) {
          throw new IllegalArgumentException("bad prefix in " + cidr);
        }
        return new Range(a, prefix);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("not an address range: " + cidr, e);
      }
    }

    private static String literal(String s) {
      if (!s.matches("[0-9a-fA-F:.\\[\\]]+")) {
        throw new IllegalArgumentException("not an address: " + s);
      }
      return s;
    }

    boolean contains(byte[] other) {
      if (other.length != address.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (other[i] != address[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (other[full] & mask) == (address[full] & mask);
    }
  }

  private static final List<Range> BLOCKED =
      List.of(
              "0.0.0.0/8", // "this network", 0.0.0.0
              "10.0.0.0/8",
              "100.64.0.0/10", // carrier-grade NAT
              "127.0.0.0/8",
              "169.254.0.0/16", // link-local, cloud metadata
              "172.16.0.0/12",
              "192.0.0.0/24",
              "192.0.2.0/24",
              "192.88.99.0/24",
              "192.168.0.0/16",
              "198.18.0.0/15",
              "198.51.100.0/24",
              "203.0.113.0/24",
              "224.0.0.0/4", // multicast
              "240.0.0.0/4", // reserved, broadcast
              "::/128",
              "::1/128",
              "fc00::/7", // unique-local, fd00:ec2::254
              "fe80::/10", // link-local
              "fec0::/10", // site-local (deprecated)
              "ff00::/8", // multicast
              "100::/64", // discard
              "2001:db8::/32") // documentation
          .stream()
          .map(Range::parse)
          .toList();

  private final List<Range> allowed;
  private final DnsResolver system = SystemDefaultDnsResolver.INSTANCE;

  /**
   * A guard letting through the given ranges (PARLEY_WEBHOOKS_ALLOW_PRIVATE); none: public only.
   */
  public Destinations(List<Range> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  public static List<Range> parseAllowed(String commaSeparated) {
    List<Range> ranges = new ArrayList<>();
    if (commaSeparated != null) {
      for (String part : commaSeparated.split(",")) {
        if (!part.isBlank()) {
          ranges.add(Range.parse(part));
        }
      }
    }
    return ranges;
  }

  /** Why a URL cannot be a webhook endpoint, or null when it can (its host is checked later). */
  public static String invalid(String url) {
    if (url == null || url.isBlank()) {
      return "is required";
    }
    if (url.length() > 2000) {
      return "must be at most 2000 characters";
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return "is not a URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an http or https URL";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not hold credentials (sign with the secret instead)";
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      return "must name a host";
    }
    if (uri.getRawFragment() != null) {
      return "must not have a fragment";
    }
    return null;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] addresses = system.resolve(host);
    for (InetAddress a : addresses) {
      String why = blocked(a);
      if (why != null && !allowed(a)) {
        throw new Refused(host + " resolves to " + a.getHostAddress() + ", " + why);
      }
    }
    return addresses;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return system.resolveCanonicalHostname(host);
  }

  private boolean allowed(InetAddress a) {
    byte[] bytes = a.getAddress();
    return allowed.stream().anyMatch(r -> r.contains(bytes));
  }

  /** Why an address may not be delivered to (null: it is public). */
  public static String blocked(InetAddress a) {
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      byte[] embedded = embeddedIpv4(b);
      if (embedded != null) {
        try {
          String why = blocked(InetAddress.getByAddress(embedded));
          return why == null ? null : why + " (inside an IPv6 address)";
        } catch (UnknownHostException e) {
          return "an unreadable address";
        }
      }
    }
    if (a.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (a.isAnyLocalAddress()) {
      return "the unspecified address";
    }
    if (a.isLinkLocalAddress()) {
      return "a link-local address (cloud metadata lives there)";
    }
    if (a.isSiteLocalAddress()) {
      return "a private address";
    }
    if (a.isMulticastAddress()) {
      return "a multicast address";
    }
    for (Range r : BLOCKED) {
      if (r.contains(b)) {
        return "a private or reserved address";
      }
    }
    if (!(a instanceof Inet4Address) && !(a instanceof Inet6Address)) {
      return "an unknown kind of address";
    }
    return null;
  }

  /**
   * The IPv4 address inside an IPv6 one that carries it: IPv4-mapped (::ffff:a.b.c.d),
   * IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
   */
  static byte[] embeddedIpv4(byte[] b) {
    if (b.length != 16) {
      return null;
    }
    boolean zeros10 = true;
    for (int i = 0; i < 10; i++) {
      zeros10 &= b[i] == 0;
    }
    if (zeros10 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
      boolean allZero = true;
      for (int i = 12; i < 16; i++) {
        allZero &= b[i] == 0;
      }
      if (b[10] == 0 && (allZero || (b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1))) {
        return null; // :: and ::1 are themselves
      }
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return new byte[] {b[2], b[3], b[4], b[5]};
    }
    return null;
  }
}
