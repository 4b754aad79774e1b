package io.poolpilot.sidecar.forward;

/**
 * What forwarding has done so far, for {@code /metrics}.
 *
 * @param forwarded payloads the upstream accepted (any 2xx)
 * @param dropped payloads let go unsent because the buffer was full
 * @param failed payloads given up on because the upstream refused them for good (a 4xx other than
 *     429)
 * @param retries attempts that failed and were tried again (connection errors, time-outs, 429, 502,
 *     503, 504)
 * @param bufferedPayloads payloads waiting now
 * @param bufferedBytes their size
 */
public record ForwardStats(
    long forwarded,
    long dropped,
    long failed,
    long retries,
    int bufferedPayloads,
    long bufferedBytes) {}
