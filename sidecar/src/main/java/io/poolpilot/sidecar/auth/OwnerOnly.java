package io.poolpilot.sidecar.auth;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the sidecar's files (its data directory, journal and token) to the user it runs as: new
 * ones are created {@code 700} (directories) and {@code 600} (files) before anything is written
 * into them; existing ones that group or others may use are tightened when this user owns them.
 *
 * <p>One that another user owns is left as it is and reported: its owner chose its permissions (a
 * Kubernetes {@code emptyDir} is root's and {@code 777}, but only the containers that mount it can
 * reach it), and the sidecar's own files inside are owner-only anyway. Where the file system has no
 * POSIX permissions (Windows) there is nothing to do.
 */
public final class OwnerOnly {

  static final Set<PosixFilePermission> FILE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  static final Set<PosixFilePermission> DIRECTORY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private OwnerOnly() {}

  /** Creates {@code dir} and its missing parents, each {@code rwx------}. */
  public static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix(dir.toAbsolutePath().getRoot())) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** The attribute that creates a file in {@code dir} as {@code rw-------}; none without POSIX. */
  public static FileAttribute<?>[] newFile(Path dir) {
    return posix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  /**
   * Takes group's and others' permissions away from an existing directory or file that this
   * process's user owns.
   *
   * @param what how the message names it, such as {@code data.dir}
   * @return what was done, or why nothing could be done, for the console; empty when it was
   *     owner-only already
   */
  public static Optional<String> restrict(Path path, String what) throws IOException {
    if (!posix(path)) {
      return Optional.empty();
    }
    PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
    Set<PosixFilePermission> before = attributes.permissions();
    Set<PosixFilePermission> after = EnumSet.noneOf(PosixFilePermission.class);
    after.addAll(before);
    after.retainAll(DIRECTORY);
    if (after.equals(before)) {
      return Optional.empty();
    }
    String found = what + " " + path + " has permissions " + PosixFilePermissions.toString(before);
    Optional<UserPrincipal> self = processUser();
    if (self.isPresent() && !self.get().equals(attributes.owner())) {
      String user = self.get().getName();
      return Optional.of(
          found
              + " and belongs to "
              + attributes.owner().getName()
              + ", not to "
              + user
              + " (the sidecar's user), so they stay: other users may use it (chown it to "
              + user
              + " and restart to have it made owner-only)");
    }
    try {
      Files.setPosixFilePermissions(path, after);
    } catch (FileSystemException e) {
      return Optional.of(found + " and cannot be made owner-only (" + e + "); they stay");
    }
    return Optional.of(
        found + "; made them " + PosixFilePermissions.toString(after) + " (owner only)");
  }

  /** The user this process runs as, as the file system names owners; empty where unknown. */
  static Optional<UserPrincipal> processUser() {
    Path self = Path.of("/proc/self");
    try {
      if (Files.exists(self)) {
        return Optional.of(Files.getOwner(self));
      }
      return Optional.of(
          self.getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(System.getProperty("user.name")));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  static boolean posix(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
  }
}
