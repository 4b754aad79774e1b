package io.poolpilot.sidecar.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

  @TempDir Path dir;

  @Test
  void generatesATokenOnceInAnOwnerOnlyFileAndReadsItBackAfterwards() throws IOException {
    Path file = dir.resolve("new/dir/sidecar-token");

    TokenFile.Loaded first = TokenFile.loadOrCreate(file, new SecureRandom());
    TokenFile.Loaded second = TokenFile.loadOrCreate(file, new SecureRandom());

    assertThat(first.generated()).isTrue();
    assertThat(second.generated()).isFalse();
    assertThat(second.token()).isEqualTo(first.token());
    assertThat(first.token().value()).matches("[A-Za-z0-9_-]{43}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void refusesATokenFileOthersCanRead() throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "secret\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> TokenFile.loadOrCreate(file, new SecureRandom()))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "token file "
                + file
                + " has permissions rw-r--r--, expected rw------- (chmod 600 "
                + file
                + ")");
  }

  @Test
  void refusesAnEmptyTokenFile() throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> TokenFile.loadOrCreate(file, new SecureRandom()))
        .hasMessageContaining("is empty");
  }

  @Test
  void admitsOnlyTheExactBearerToken() {
    BearerToken token = new BearerToken("abc123");

    assertThat(token.admits("Bearer abc123")).isTrue();
    assertThat(token.admits("bearer abc123")).isTrue();
    assertThat(token.admits("Bearer abc1234")).isFalse();
    assertThat(token.admits("Basic abc123")).isFalse();
    assertThat(token.admits(null)).isFalse();
    assertThat(token.toString()).doesNotContain("abc123");
  }
}
