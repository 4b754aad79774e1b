package io.poolpilot.sidecar.control;

import static io.poolpilot.sidecar.testing.Agent.message;
import static io.poolpilot.sidecar.testing.Agent.pool;
import static io.poolpilot.sidecar.testing.Http.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.protocol.control.AgentReport;
import io.poolpilot.protocol.control.ControlProtocol;
import io.poolpilot.protocol.control.GoldenMessages;
import io.poolpilot.protocol.control.ReportedPool;
import io.poolpilot.sidecar.Sidecar;
import io.poolpilot.sidecar.journal.Journal;
import io.poolpilot.sidecar.model.InstanceKey;
import io.poolpilot.sidecar.testing.Agent;
import io.poolpilot.sidecar.testing.Http;
import io.poolpilot.sidecar.testing.Http.Reply;
import io.poolpilot.sidecar.testing.QuietSidecar;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ControlEndpointTest {

  private static final String TOKEN = "agent-token";
  private static final InstanceKey I1 = new InstanceKey("orders", "i-1");

  @TempDir Path dir;
  private Vertx vertx;
  private Sidecar sidecar;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    sidecar = QuietSidecar.start(vertx, dir, TOKEN);
  }

  @AfterEach
  void stop() {
    await(sidecar.close());
  }

  @Test
  void answersTheProtocolsExampleWithADesiredState() {
    JsonObject request =
        new JsonObject(GoldenMessages.AGENT_REPORT.json()).put("someFutureKey", "ignored");

    Reply reply = await(Agent.poll(vertx, sidecar.otlpPort(), request, TOKEN));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonObject answer = reply.body().toJsonObject();
    assertThat(answer.fieldNames())
        .containsExactlyInAnyOrder("protocol", "version", "hash", "desired", "pollInterval");
    assertThat(answer.getInteger("protocol")).isEqualTo(1);
    assertThat(answer.getLong("version")).isPositive();
    assertThat(answer.getString("hash")).matches("[0-9a-f]{16}");
    assertThat(answer.getJsonArray("desired")).isEmpty();
    assertThat(answer.getString("pollInterval")).isEqualTo("1s");
    AgentReport golden = GoldenMessages.AGENT_REPORT.message();
    assertThat(sidecar.control().agent(InstanceKey.of(golden.instance()))).contains(golden);
  }

  @Test
  void aRepeatedPollGetsTheSameVersionAndHash() {
    JsonObject first =
        await(Agent.poll(vertx, sidecar.otlpPort(), message("orders", "i-1", 1, 0), TOKEN))
            .body()
            .toJsonObject();
    JsonObject second =
        await(
                Agent.poll(
                    vertx,
                    sidecar.otlpPort(),
                    message("orders", "i-1", 2, first.getLong("version")),
                    TOKEN))
            .body()
            .toJsonObject();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void aStaleSequenceIsAnsweredButChangesNothing() {
    await(
        Agent.poll(
            vertx, sidecar.otlpPort(), message("orders", "i-1", 9, 0, pool("a-*", 2, 4)), TOKEN));

    Reply stale =
        await(
            Agent.poll(
                vertx,
                sidecar.otlpPort(),
                message("orders", "i-1", 8, 0, pool("b-*", 2, 4)),
                TOKEN));

    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body().toJsonObject().getLong("version"))
        .isEqualTo(sidecar.control().lastIssued(I1).orElseThrow().version());
    AgentReport kept = sidecar.control().agent(I1).orElseThrow();
    assertThat(kept.sequence()).isEqualTo(9);
    assertThat(kept.pools()).extracting(ReportedPool::name).containsExactly("a-*");
  }

  @Test
  void aMissingOrWrongTokenGets401AndChangesNothing() throws IOException {
    long journalBytes = Files.size(dir.resolve(Journal.FILE_NAME));

    Reply missing =
        await(Agent.poll(vertx, sidecar.otlpPort(), message("orders", "i-1", 1, 0), null));
    Reply wrong =
        await(Agent.poll(vertx, sidecar.otlpPort(), message("orders", "i-1", 1, 0), "guess"));

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.body().toJsonObject().getString("error"))
        .startsWith("missing 'Authorization: Bearer <token>' header");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body().toJsonObject().getString("error")).startsWith("wrong token");
    assertThat(sidecar.model().instances()).isEmpty();
    assertThat(Files.size(dir.resolve(Journal.FILE_NAME))).isEqualTo(journalBytes);
  }

  @Test
  void unreadableBodiesGet400NamingWhatWasWrong() {
    assertThat(badRequest(Buffer.buffer("{\"protocol\": 1, ")))
        .startsWith("the body is not valid JSON");
    assertThat(badRequest(Buffer.buffer("[1, 2]")))
        .isEqualTo("the body is an array, expected a JSON object");
    assertThat(badRequest(Buffer.buffer())).isEqualTo("the body is empty, expected a JSON object");
    assertThat(badRequest(message("orders", "i-1", 1, 0).put("protocol", 2).toBuffer()))
        .isEqualTo("protocol 2 is not supported, expected 1");
    JsonObject noService = message("orders", "i-1", 1, 0);
    noService.getJsonObject("instance").remove("serviceName");
    assertThat(badRequest(noService.toBuffer()))
        .isEqualTo(
            "instance.serviceName is missing, expected a non-empty string of at most 1024"
                + " characters");
    assertThat(badRequest(message("orders", "i-1", 1, 0).put("sequence", 0).toBuffer()))
        .isEqualTo("sequence is 0, expected a whole number from 1 to 9007199254740991");
    JsonObject badCore = message("orders", "i-1", 1, 0, pool("a-*", 2, 4));
    badCore.getJsonArray("pools").getJsonObject(0).put("core", "four");
    assertThat(badRequest(badCore.toBuffer()))
        .isEqualTo("pools[0].core is \"four\", expected a whole number from 0 to 2147483647");
    JsonObject twice = message("orders", "i-1", 1, 0, pool("a-*", 2, 4));
    twice.getJsonArray("pools").add(twice.getJsonArray("pools").getJsonObject(0).copy());
    assertThat(badRequest(twice.toBuffer())).isEqualTo("pools[1].name 'a-*' is listed twice");
    assertThat(sidecar.model().instances()).isEmpty();
  }

  @Test
  void numbersNoSidecarCouldHaveIssuedGet400AndTheAgentsNextPollIsServed() {
    long applied =
        await(Agent.poll(vertx, sidecar.otlpPort(), message("orders", "i-1", 1, 0), TOKEN))
            .body()
            .toJsonObject()
            .getLong("version");

    assertThat(
            badRequest(message("orders", "i-1", 1_000_000_000_000_000L, Long.MAX_VALUE).toBuffer()))
        .startsWith("appliedVersion is 9223372036854775807, expected a whole number from 0 to ");
    assertThat(badRequest(message("orders", "i-1", 1L << 60, 0).toBuffer()))
        .isEqualTo(
            "sequence is 1152921504606846976, expected a whole number from 1 to 9007199254740991");
    // The records refuse such a name too, so it is put into the JSON by hand, as an agent that
    // does not use them could send it.
    JsonObject longName = message("orders", "i-1", 2, 0, pool("x-*", 2, 4));
    longName.getJsonArray("pools").getJsonObject(0).put("name", "x".repeat(2000));
    assertThat(badRequest(longName.toBuffer()))
        .startsWith("pools[0].name is \"xxxx")
        .contains("(2000 characters), expected a non-empty string of at most 1024 characters");
    Reply next =
        await(Agent.poll(vertx, sidecar.otlpPort(), message("orders", "i-1", 2, applied), TOKEN));

    assertThat(next.status()).as("the real agent is not frozen out").isEqualTo(200);
    assertThat(sidecar.control().agent(I1).orElseThrow().sequence()).isEqualTo(2);
  }

  @Test
  void onlyTheSessionThatFirstSpokeForAnInstanceMaySpeakForItAgain() {
    Reply first =
        await(Agent.poll(vertx, sidecar.otlpPort(), message("orders", "i-1", 1, 0), TOKEN));
    Reply otherSession =
        postControl(
            message("orders", "i-1", 2, 0, pool("x-*", 9, 9)),
            "Content-Type",
            "application/json",
            "Authorization",
            "Bearer " + TOKEN,
            ControlProtocol.SESSION_HEADER,
            "another-session-0123456789abcdef0123");
    Reply noSession =
        postControl(
            message("orders", "i-2", 1, 0),
            "Content-Type",
            "application/json",
            "Authorization",
            "Bearer " + TOKEN);

    assertThat(first.status()).isEqualTo(200);
    assertThat(otherSession.status()).isEqualTo(403);
    assertThat(otherSession.body().toJsonObject().getString("error"))
        .isEqualTo("instance orders/i-1 belongs to another agent's session");
    assertThat(sidecar.control().agent(I1).orElseThrow().pools()).isEmpty();
    assertThat(noSession.status()).isEqualTo(400);
    assertThat(noSession.body().toJsonObject().getString("error"))
        .startsWith("no PoolPilot-Session header");
    assertThat(sidecar.control().agent(new InstanceKey("orders", "i-2"))).isEmpty();
  }

  @Test
  void aBodyOverOneMebibyteGets413() {
    Buffer tooLarge = Buffer.buffer(new byte[ControlProtocol.MAX_BODY_BYTES + 1]);

    Reply reply = await(Agent.send(vertx, sidecar.otlpPort(), tooLarge, TOKEN));

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.body().toJsonObject().getString("error"))
        .isEqualTo("request body larger than 1048576 bytes");
    assertThat(sidecar.model().instances()).isEmpty();
  }

  @Test
  void otherContentTypesAndMethodsAreRefusedInJson() {
    Reply text =
        postControl(
            message("orders", "i-1", 1, 0),
            "Content-Type",
            "text/plain",
            "Authorization",
            "Bearer " + TOKEN);
    Reply get = await(Http.get(vertx, sidecar.otlpPort(), Agent.CONTROL));
    Reply elsewhere = await(Http.get(vertx, sidecar.otlpPort(), "/v1/poolpilot/other"));

    assertThat(text.status()).isEqualTo(415);
    assertThat(text.body().toJsonObject().getString("error"))
        .isEqualTo("unsupported Content-Type 'text/plain', expected application/json");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.headers().get("Allow")).isEqualTo("POST");
    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(elsewhere.body().toJsonObject().getString("error"))
        .isEqualTo("no control endpoint at /v1/poolpilot/other, use POST /v1/poolpilot/control");
  }

  @Test
  void otlpStillWorksBesideTheControlEndpoint() {
    Reply reply =
        await(
            Http.post(
                vertx, sidecar.otlpPort(), "/v1/metrics", "application/json", Buffer.buffer("{}")));

    assertThat(reply.status()).isEqualTo(200);
  }

  private String badRequest(Buffer body) {
    Reply reply = await(Agent.send(vertx, sidecar.otlpPort(), body, TOKEN));
    assertThat(reply.status()).isEqualTo(400);
    return reply.body().toJsonObject().getString("error");
  }

  /** A control message with exactly these headers, unlike {@link Agent#poll}'s well-formed ones. */
  private Reply postControl(JsonObject message, String... headerNamesAndValues) {
    return await(
        Http.send(
            vertx,
            HttpMethod.POST,
            sidecar.otlpPort(),
            Agent.CONTROL,
            Http.headers(headerNamesAndValues),
            message.toBuffer()));
  }
}
