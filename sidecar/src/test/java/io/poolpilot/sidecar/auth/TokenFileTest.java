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

  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;
  private int files;

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
    Path file = tokenFile(TOKEN + "\n", "rw-r--r--");

    assertThatThrownBy(() -> TokenFile.loadOrCreate(file, new SecureRandom()))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "token file "
                + file
                + " has permissions rw-r--r--, expected rw------- (chmod 600 "
                + file
                + ", or 640 to share it with the file's group; a token others could read may have"
                + " leaked: replace it)");
  }

  @Test
  void refusesATokenFileItsGroupCanChange() throws IOException {
    Path file = tokenFile(TOKEN, "rw-rw----");

    assertThatThrownBy(() -> TokenFile.loadOrCreate(file, new SecureRandom()))
        .hasMessageContaining("has permissions rw-rw----, expected rw-------");
  }

  @Test
  void readsAnOperatorsTokenFileItsGroupMayReadAsAKubernetesSecretIs() throws IOException {
    // A mounted Secret: the name is a link into the current version's directory, mode 440.
    Path version = Files.createDirectory(dir.resolve("..data"));
    Path target = Files.writeString(version.resolve("token"), TOKEN);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r-----"));
    Path file = Files.createSymbolicLink(dir.resolve("token"), Path.of("..data", "token"));

    TokenFile.Loaded loaded = TokenFile.loadOrCreate(file, new SecureRandom());

    assertThat(loaded.generated()).isFalse();
    assertThat(loaded.token()).isEqualTo(new BearerToken(TOKEN));
    assertThat(Files.readString(file)).isEqualTo(TOKEN);
  }

  @Test
  void dropsBlanksAndTheLineEndAroundTheToken() throws IOException {
    assertThat(TokenFile.loadOrCreate(tokenFile(TOKEN + "\n", "rw-------"), new SecureRandom()))
        .isEqualTo(new TokenFile.Loaded(new BearerToken(TOKEN), false));
    assertThat(
            TokenFile.loadOrCreate(
                tokenFile("  " + TOKEN + "\r\n\n", "rw-------"), new SecureRandom()))
        .isEqualTo(new TokenFile.Loaded(new BearerToken(TOKEN), false));
  }

  @Test
  void refusesAnEmptyTokenFile() throws IOException {
    Path file = tokenFile("\n", "rw-------");

    assertThatThrownBy(() -> TokenFile.loadOrCreate(file, new SecureRandom()))
        .hasMessage(
            "token file " + file + " is empty: put a token in it, or delete it to get a new one");
  }

  @Test
  void refusesATokenTooShortToBeSecret() throws IOException {
    Path file = tokenFile("s3cret\n", "rw-------");

    assertThatThrownBy(() -> TokenFile.loadOrCreate(file, new SecureRandom()))
        .hasMessage(
            "token file "
                + file
                + " holds a token of 6 characters: expected at least 16 (such as the output of"
                + " 'openssl rand -hex 32')");
  }

  @Test
  void refusesMoreThanOneLineOrCharactersAHeaderCannotCarry() throws IOException {
    Path twoLines = tokenFile(TOKEN + "\n" + TOKEN + "\n", "rw-------");
    Path space = tokenFile("0123456789 abcdef0123", "rw-------");
    Path utf8 = tokenFile("0123456789abcdef\u00e9", "rw-------");

    assertThatThrownBy(() -> TokenFile.loadOrCreate(twoLines, new SecureRandom()))
        .hasMessage(
            "token file "
                + twoLines
                + " has more than one line: expected the token alone on one line");
    assertThatThrownBy(() -> TokenFile.loadOrCreate(space, new SecureRandom()))
        .hasMessage(
            "token file "
                + space
                + " holds no usable token: the token has a character other than printable ASCII"
                + " at position 11");
    assertThatThrownBy(() -> TokenFile.loadOrCreate(utf8, new SecureRandom()))
        .hasMessageEndingWith("at position 17");
  }

  @Test
  void refusesADirectoryOrAFileFarTooBigForAToken() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("token-dir"));
    Path big = tokenFile("a".repeat(5000), "rw-------");

    assertThatThrownBy(() -> TokenFile.loadOrCreate(directory, new SecureRandom()))
        .hasMessage("token file " + directory + " is not a regular file");
    assertThatThrownBy(() -> TokenFile.loadOrCreate(big, new SecureRandom()))
        .hasMessage(
            "token file "
                + big
                + " has 5000 bytes, more than a token file's 4096: expected the token alone on"
                + " one line");
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

  /** A file as an operator would create it, with these permissions. */
  private Path tokenFile(String content, String permissions) throws IOException {
    Path file = Files.writeString(dir.resolve("token-" + ++files), content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }
}
