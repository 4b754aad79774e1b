package io.poolpilot.sidecar.http;

import java.util.Locale;

/**
 * Reads the media type out of a {@code Content-Type} header. Every listener decides by it (which
 * OTLP encoding, whether a control message is JSON, which shape a refusal takes), so they all read
 * it one way: parameters such as {@code charset} ignored, case ignored.
 */
public final class MediaTypes {

  public static final String JSON = "application/json";
  public static final String PROTOBUF = "application/x-protobuf";

  private MediaTypes() {}

  /** The header's media type in lower case without parameters; empty for no header. */
  public static String of(String contentType) {
    if (contentType == null) {
      return "";
    }
    int parameters = contentType.indexOf(';');
    String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
    return mediaType.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether the header names {@code mediaType} (given in lower case), whatever its parameters. */
  public static boolean is(String contentType, String mediaType) {
    return of(contentType).equals(mediaType);
  }
}
