package io.poolpilot.sidecar.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BufferBytesTest {

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void aViewReadsTheBodyWithoutConsumingIt() throws Exception {
    byte[] sent = bytes(5000);
    Buffer body = Buffer.buffer().appendString("xx").appendBytes(sent).slice(2, 5002);

    ByteBuffer view = BufferBytes.view(body);
    byte[] seen = new byte[view.remaining()];
    view.get(seen);

    assertThat(seen).isEqualTo(sent);
    assertThat(BufferBytes.stream(body).readAllBytes()).isEqualTo(sent);
    assertThat(body.getBytes()).isEqualTo(sent);
  }

  @Test
  void readAllGrowsPastItsFirstGuessAndStopsAtTheLimit() throws Exception {
    byte[] sent = bytes(100_000);

    Buffer read = BufferBytes.readAll(new ByteArrayInputStream(sent), 10, 100_000);

    assertThat(read.getBytes()).isEqualTo(sent);
    assertThatThrownBy(() -> BufferBytes.readAll(new ByteArrayInputStream(sent), 10, 99_999))
        .isInstanceOf(ContentEncoding.TooLarge.class);
  }
}
