package io.poolpilot.sidecar.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The token of a sidecar that was given none as a setting: read from its file, or generated and
 * written there on the first start, so that it stays the same across restarts and whoever
 * configures agents or scripts can read it. An operator who creates the file first (by hand, or by
 * mounting a Kubernetes Secret there) chooses the token without it ever appearing in a command
 * line.
 *
 * <p>A generated file is created readable and writable by its owner only (POSIX {@code 600}, in a
 * directory created {@code 700}) before the secret is written into it, so there is no moment at
 * which another user could read it. An existing file is read only if nobody but its owner can write
 * it and nobody outside its group can read it: one that others can read may have leaked, which the
 * operator must decide about. Its group may read it, because that is how a Secret is shared by the
 * containers of a pod ({@code fsGroup}, mode {@code 440}).
 *
 * <p>The file holds the token on one line; blanks and a line end around it are dropped. A token
 * read from a file must have at least {@value #MIN_LENGTH} characters.
 */
public final class TokenFile {

  /** 32 random bytes: 256 bits, as unguessable as any token needs to be. */
  private static final int TOKEN_BYTES = 32;

  /** The fewest characters of a token read from a file: 16 hex digits are 64 bits. */
  public static final int MIN_LENGTH = 16;

  /** More than any token needs; a bigger file is not a token file. */
  private static final long MAX_BYTES = 4096;

  private static final Set<PosixFilePermission> SHAREABLE =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE,
          PosixFilePermission.GROUP_READ);

  /** The token and whether this start generated it. */
  public record Loaded(BearerToken token, boolean generated) {}

  private TokenFile() {}

  /**
   * Reads the token from {@code file}, or generates one and writes it there if the file does not
   * exist.
   *
   * @throws IOException if the file cannot be read or written, or holds no usable token (empty,
   *     more than one line, too short, not printable ASCII), or users other than its owner and its
   *     group can read it, or others than its owner can change it
   */
  public static Loaded loadOrCreate(Path file, SecureRandom random) throws IOException {
    if (Files.exists(file)) {
      return new Loaded(read(file), false);
    }
    Path dir = file.toAbsolutePath().getParent();
    OwnerOnly.createDirectories(dir);
    byte[] secret = new byte[TOKEN_BYTES];
    random.nextBytes(secret);
    BearerToken token =
        new BearerToken(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    Path temp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(temp, OwnerOnly.newFile(dir));
    Files.writeString(temp, token.value() + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file);
    } catch (FileAlreadyExistsException raced) {
      Files.deleteIfExists(temp);
      return new Loaded(read(file), false);
    }
    return new Loaded(token, true);
  }

  private static BearerToken read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("token file " + file + " is not a regular file");
    }
    checkPermissions(file);
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException(
          "token file "
              + file
              + " has "
              + Files.size(file)
              + " bytes, more than a token file's "
              + MAX_BYTES
              + ": expected the token alone on one line");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (AccessDeniedException e) {
      throw new IOException(
          "token file "
              + file
              + " cannot be read by "
              + System.getProperty("user.name")
              + ", the sidecar's user: it belongs to "
              + Files.getOwner(file).getName()
              + permissionsOf(file)
              + "; give the sidecar's user or group read access",
          e);
    }
    // Every byte as one character, so that a non-ASCII byte is reported by its position.
    String text = new String(bytes, StandardCharsets.ISO_8859_1).strip();
    if (text.isEmpty()) {
      throw new IOException(
          "token file " + file + " is empty: put a token in it, or delete it to get a new one");
    }
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new IOException(
          "token file " + file + " has more than one line: expected the token alone on one line");
    }
    if (text.length() < MIN_LENGTH) {
      throw new IOException(
          "token file "
              + file
              + " holds a token of "
              + text.length()
              + " characters: expected at least "
              + MIN_LENGTH
              + " (such as the output of 'openssl rand -hex 32')");
    }
    try {
      return new BearerToken(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("token file " + file + " holds no usable token: " + e.getMessage(), e);
    }
  }

  private static void checkPermissions(Path file) throws IOException {
    if (!OwnerOnly.posix(file)) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    Set<PosixFilePermission> shared = EnumSet.noneOf(PosixFilePermission.class);
    shared.addAll(permissions);
    shared.removeAll(SHAREABLE);
    if (!shared.isEmpty()) {
      throw new IOException(
          "token file "
              + file
              + " has permissions "
              + PosixFilePermissions.toString(permissions)
              + ", expected rw------- (chmod 600 "
              + file
              + ", or 640 to share it with the file's group; a token others could read may have"
              + " leaked: replace it)");
    }
  }

  private static String permissionsOf(Path file) {
    try {
      return OwnerOnly.posix(file)
          ? " with permissions "
              + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
          : "";
    } catch (IOException e) {
      return "";
    }
  }
}
