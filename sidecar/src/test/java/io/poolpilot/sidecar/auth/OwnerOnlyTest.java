package io.poolpilot.sidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {

  /** The conventional {@code nobody}: a user this test can give files to, where it is root. */
  private static final int NOBODY = 65534;

  @TempDir Path dir;

  @Test
  void createsMissingDirectoriesForTheOwnerOnly() throws IOException {
    Path data = dir.resolve("a/b");

    OwnerOnly.createDirectories(data);

    assertThat(permissions(data)).isEqualTo("rwx------");
    assertThat(permissions(data.getParent())).isEqualTo("rwx------");
  }

  @Test
  void takesGroupAndOthersPermissionsFromWhatTheSidecarsUserOwns() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    Path journal = Files.createFile(data.resolve("journal.jsonl"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-rw-rw-"));

    assertThat(OwnerOnly.restrict(data, "data.dir"))
        .contains(
            "data.dir " + data + " has permissions rwxr-xr-x; made them rwx------ (owner only)");
    assertThat(OwnerOnly.restrict(journal, "journal"))
        .contains(
            "journal " + journal + " has permissions rw-rw-rw-; made them rw------- (owner only)");
    assertThat(permissions(data)).isEqualTo("rwx------");
    assertThat(permissions(journal)).isEqualTo("rw-------");
    assertThat(OwnerOnly.restrict(data, "data.dir")).isEmpty();
  }

  @Test
  void leavesAnotherUsersDirectoryAsItIsAndSaysWhatIsOpen() throws IOException {
    assumeTrue(
        OwnerOnly.processUser().map(user -> user.getName().equals("root")).orElse(false),
        "only root can give a file to another user");
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setAttribute(data, "unix:uid", NOBODY);
    String owner = Files.getOwner(data).getName();

    assertThat(OwnerOnly.restrict(data, "data.dir"))
        .contains(
            "data.dir "
                + data
                + " has permissions rwxrwxrwx and belongs to "
                + owner
                + ", not to root (the sidecar's user), so they stay: other users may use it"
                + " (chown it to root and restart to have it made owner-only)");
    assertThat(permissions(data)).isEqualTo("rwxrwxrwx");
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
