package io.poolpilot.examples.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One HTTP call from a script, so the demo needs nothing but a JDK: {@code HttpCall METHOD URL
 * [--header Name:value]... [--data BODY] [--until REGEX --timeout SECONDS]}. Prints the body; exits
 * 1 on a status other than 2xx. With {@code --until}, repeats the call every 100 ms until the body
 * matches, or fails after the time-out.
 */
public final class HttpCall {
  private HttpCall() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: HttpCall METHOD URL [--header Name:value]... [--data BODY]"
              + " [--until REGEX --timeout SECONDS]");
      System.exit(2);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(args[1])).timeout(Duration.ofSeconds(10));
    String body = null;
    Pattern until = null;
    long timeoutSeconds = 30;
    for (int i = 2; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--header" -> {
          int colon = value.indexOf(':');
          request.header(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
        }
        case "--data" -> body = value;
        case "--until" -> until = Pattern.compile(value);
        case "--timeout" -> timeoutSeconds = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    request.method(
        args[0],
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (true) {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      boolean ok = response.statusCode() / 100 == 2;
      if (until == null || (ok && until.matcher(response.body()).find())) {
        System.out.print(response.body());
        System.exit(ok ? 0 : 1);
      }
      if (System.nanoTime() > deadline) {
        System.err.println("no answer matching /" + until + "/ within " + timeoutSeconds + " s");
        System.exit(1);
      }
      Thread.sleep(100);
    }
  }
}
