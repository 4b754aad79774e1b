package io.poolpilot.sidecar.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * The token of a sidecar that was given none: read from its file, or generated and written there on
 * the first start, so that it stays the same across restarts and whoever configures agents or
 * scripts can read it.
 *
 * <p>The file is created readable and writable by its owner only (POSIX {@code 600}, in a directory
 * created {@code 700}) before the secret is written into it, so there is no moment at which another
 * user could read it. An existing file that group or others can read is refused: its token may have
 * leaked, which the operator must decide about.
 */
public final class TokenFile {

  /** 32 random bytes: 256 bits, as unguessable as any token needs to be. */
  private static final int TOKEN_BYTES = 32;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private static final Set<PosixFilePermission> OWNER_ALL =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  /** The token and whether this start generated it. */
  public record Loaded(BearerToken token, boolean generated) {}

  private TokenFile() {}

  /**
   * Reads the token from {@code file}, or generates one and writes it there if the file does not
   * exist.
   *
   * @throws IOException if the file cannot be read or written, is empty, holds an unusable token,
   *     or can be read by users other than its owner
   */
  public static Loaded loadOrCreate(Path file, SecureRandom random) throws IOException {
    if (Files.exists(file)) {
      return new Loaded(read(file), false);
    }
    Path dir = file.toAbsolutePath().getParent();
    createPrivateDirectories(dir);
    byte[] secret = new byte[TOKEN_BYTES];
    random.nextBytes(secret);
    BearerToken token =
        new BearerToken(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    Path temp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    if (posix(dir)) {
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createFile(temp);
    }
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
    if (posix(file)) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> shared = new HashSet<>(permissions);
      shared.removeAll(OWNER_ALL);
      if (!shared.isEmpty()) {
        throw new IOException(
            "token file "
                + file
                + " has permissions "
                + PosixFilePermissions.toString(permissions)
                + ", expected rw------- (chmod 600 "
                + file
                + ")");
      }
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new IOException(
          "token file " + file + " is empty: put a token in it, or delete it to get a new one");
    }
    try {
      return new BearerToken(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("token file " + file + " holds no usable token: " + e.getMessage(), e);
    }
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix(dir.getRoot())) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ALL));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static boolean posix(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
  }
}
