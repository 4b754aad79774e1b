package io.poolpilot.sidecar.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypesTest {

  @Test
  void ignoresParametersCaseAndSpaces() {
    assertThat(MediaTypes.of(" Application/JSON ; charset=utf-8")).isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.is("application/x-protobuf", MediaTypes.PROTOBUF)).isTrue();
  }

  @Test
  void aLongerTypeOrNoHeaderIsNotTheType() {
    assertThat(MediaTypes.is("application/jsonl", MediaTypes.JSON)).isFalse();
    assertThat(MediaTypes.is(null, MediaTypes.JSON)).isFalse();
    assertThat(MediaTypes.of(null)).isEmpty();
  }
}
