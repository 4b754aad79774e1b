package io.poolpilot.sidecar.auth;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the sidecar answers: the defence against DNS rebinding, where a web
 * page whose own name its attacker makes resolve to {@code 127.0.0.1} posts to a listener on
 * loopback as if it were the page's own server (same origin, so the browser asks nobody).
 *
 * <p>Allowed, with or without a port (the port is not compared: a Service may map another one onto
 * the sidecar's):
 *
 * <ul>
 *   <li>no {@code Host} at all (HTTP/1.0): a browser always sends one;
 *   <li>an IP address ({@code 127.0.0.1}, {@code 10.1.2.3}, {@code [::1]}): rebinding needs a name
 *       that resolves, so a literal address cannot be one, and Prometheus scraping a pod by its IP
 *       keeps working without configuration;
 *   <li>{@code localhost}, the {@code bind} setting, and the names in {@code allowed.hosts} (such
 *       as a Kubernetes Service's name), or every name if that list holds {@code *}.
 * </ul>
 *
 * <p>The same holds when the sidecar binds beyond loopback: names still have to be listed. This is
 * no access control (any program that is not a browser can send any {@code Host}); the token is.
 */
public final class HostHeaderCheck {

  /** The {@code allowed.hosts} entry that allows every name, switching the check off. */
  public static final String ANY = "*";

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]*:[0-9a-f:.]*]");
  private static final Pattern PORT = Pattern.compile("\\d{0,5}");

  private final Set<String> names = new TreeSet<>();
  private final boolean any;

  /**
   * @param bind the address both listeners bind to, allowed as a name too
   * @param allowedHosts further names, each as {@link #allowedName} accepts it
   * @throws IllegalArgumentException for an entry {@link #allowedName} refuses
   */
  public HostHeaderCheck(String bind, Collection<String> allowedHosts) {
    names.add("localhost");
    hostOf(bind).filter(host -> !address(host)).ifPresent(names::add);
    allowedHosts.forEach(entry -> names.add(allowedName(entry)));
    any = names.contains(ANY);
  }

  /**
   * An {@code allowed.hosts} entry as it is compared: lower case, without a trailing dot.
   *
   * @throws IllegalArgumentException unless it is {@code *}, a host name or an IP address, without
   *     scheme, port or path
   */
  public static String allowedName(String entry) {
    String name = withoutTrailingDot(entry.strip().toLowerCase(Locale.ROOT));
    if (!name.equals(ANY) && !NAME.matcher(name).matches() && !IPV6.matcher(name).matches()) {
      throw new IllegalArgumentException(entry);
    }
    return name;
  }

  /**
   * Why a request with this {@code Host} header is refused; empty when it may be served.
   *
   * @param host the header's value, null when the request has none
   */
  public Optional<String> refusal(String host) {
    if (host == null || any) {
      return Optional.empty();
    }
    Optional<String> name = hostOf(host);
    if (name.isPresent() && (address(name.get()) || names.contains(name.get()))) {
      return Optional.empty();
    }
    return Optional.of(
        "Host '"
            + host
            + "' is not a name of this sidecar: expected an IP address or one of "
            + String.join(", ", names)
            + " (more names go in the setting allowed.hosts). Refused so that a web page whose"
            + " name resolves to this machine (DNS rebinding) cannot reach the sidecar");
  }

  /** The host of a {@code Host} header, lower case, without port and trailing dot. */
  private static Optional<String> hostOf(String header) {
    String value = header.strip().toLowerCase(Locale.ROOT);
    int portColon = value.startsWith("[") ? value.indexOf("]:") + 1 : value.indexOf(':');
    if (portColon > 0) {
      if (!PORT.matcher(value.substring(portColon + 1)).matches()) {
        return Optional.empty();
      }
      value = value.substring(0, portColon);
    }
    value = withoutTrailingDot(value);
    return NAME.matcher(value).matches() || IPV6.matcher(value).matches()
        ? Optional.of(value)
        : Optional.empty();
  }

  /** Whether {@code host} is a literal address: four decimal numbers to 255, or {@code [v6]}. */
  private static boolean address(String host) {
    if (IPV6.matcher(host).matches()) {
      return true;
    }
    Matcher ipv4 = IPV4.matcher(host);
    if (!ipv4.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(ipv4.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String withoutTrailingDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
