package io.poolpilot.tuning.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NodeBudgetAllocatorTest {

  private final NodeBudgetAllocator allocator = new NodeBudgetAllocator();

  /** The demo's front service: 30 requests/s at 5 ms of CPU each, mostly waiting on I/O. */
  private static ServiceLoad front(double used, boolean missing) {
    return new ServiceLoad(
        "service-b", ServiceClass.CRITICAL, 1, 30, 0.005, used, 6, 12, 2, missing);
  }

  /** The demo's hashing service at {@code rate} requests/s of 23 ms of CPU each. */
  private static ServiceLoad hashing(double rate, double used, double busy, int threads) {
    return new ServiceLoad(
        "service-a", ServiceClass.BATCH, 1, rate, 0.023, used, busy, threads, 2, false);
  }

  private static ServiceShare share(NodeAllocation allocation, String service) {
    return allocation.share(service).orElseThrow();
  }

  @Test
  void capsNothingWhileTheNodeHasRoom() {
    NodeAllocation allocation =
        allocator.allocate(
            new NodeProcessors(2, 0.6), List.of(front(0.15, false), hashing(15, 0.35, 2, 64)));

    assertThat(allocation.contended()).isFalse();
    assertThat(allocation.capsAny()).isFalse();
    assertThat(allocation.availableCores()).isCloseTo(1.9, within(1e-9));
    assertThat(share(allocation, "service-b").reservedCores()).isCloseTo(0.1875, within(1e-9));
    assertThat(share(allocation, "service-a").needCores()).isCloseTo(0.345, within(1e-9));
  }

  @Test
  void capsTheBatchServiceToTheProcessorsTheCriticalOneLeavesInASurge() {
    // 120/s × 23 ms = 2.76 processors wanted; the machine is full; outside the services 0.2.
    NodeAllocation allocation =
        allocator.allocate(
            new NodeProcessors(2, 2.0), List.of(front(0.1, false), hashing(120, 1.7, 64, 64)));

    assertThat(allocation.contended()).isTrue();
    assertThat(allocation.availableCores()).isCloseTo(1.8, within(1e-9));
    ServiceShare b = share(allocation, "service-b");
    ServiceShare a = share(allocation, "service-a");
    assertThat(b.capped()).isFalse();
    assertThat(b.shareCores()).isCloseTo(0.1875, within(1e-9));
    // 0.9 × 1.8 − 0.1875 = 1.4325 processors: two CPU-bound threads.
    assertThat(a.shareCores()).isCloseTo(1.4325, within(1e-9));
    assertThat(a.threadCap()).isEqualTo(OptionalInt.of(2));
    assertThat(a.cappedFor()).containsExactly("service-b");
  }

  @Test
  void capsByTheCpuAThreadUsedWhileTheNodeHadRoom() {
    // Quiet: 5 busy threads used 0.5 processors, 0.1 each (the rest of their time they wait).
    allocator.allocate(
        new NodeProcessors(2, 0.7), List.of(front(0.1, false), hashing(20, 0.5, 5, 64)));

    NodeAllocation surge =
        allocator.allocate(
            new NodeProcessors(2, 2.0), List.of(front(0.1, false), hashing(120, 1.7, 64, 64)));

    // 1.4325 processors at 0.1 a thread: 15 threads.
    assertThat(share(surge, "service-a").threadCap()).isEqualTo(OptionalInt.of(15));
  }

  @Test
  void capsWhenTheCriticalServiceMissesItsObjectiveOnABusyMachineThoughTheFiguresFit() {
    // Claims 0.225 + 1.5 fit in 1.75, but service-b misses its objective on a busy machine.
    NodeAllocation allocation =
        allocator.allocate(
            new NodeProcessors(2, 1.85),
            List.of(front(0.1, true), hashing(1.5 / 0.023, 1.5, 64, 64)));

    assertThat(allocation.reservedCores()).isLessThan(allocation.availableCores());
    assertThat(allocation.contended()).isTrue();
    assertThat(share(allocation, "service-a").threadCap()).isEqualTo(OptionalInt.of(2));
  }

  @Test
  void neverCapsACriticalServiceEvenWhenItAloneExceedsTheNode() {
    ServiceLoad greedy =
        new ServiceLoad("pay", ServiceClass.CRITICAL, 1, 200, 0.02, 1.9, 40, 40, 2, true);

    NodeAllocation allocation = allocator.allocate(new NodeProcessors(2, 2.0), List.of(greedy));

    assertThat(allocation.contended()).isTrue();
    assertThat(allocation.capsAny()).isFalse();
  }

  @Test
  void capsAStandardServiceForACriticalOneButNotForAnotherStandardOne() {
    ServiceLoad critical =
        new ServiceLoad("pay", ServiceClass.CRITICAL, 1, 40, 0.02, 0.8, 4, 8, 4, false);
    ServiceLoad search =
        new ServiceLoad("search", ServiceClass.STANDARD, 1, 100, 0.02, 1.6, 20, 20, 4, false);
    ServiceLoad reports =
        new ServiceLoad("reports", ServiceClass.STANDARD, 1, 100, 0.02, 1.6, 20, 20, 4, false);

    NodeAllocation allocation =
        allocator.allocate(new NodeProcessors(4, 4.0), List.of(critical, search, reports));

    // 0.9 × 4 − 1.0 = 2.6 processors for two standard services claiming 2.5 each: 1.3 apiece.
    assertThat(share(allocation, "pay").shareCores()).isCloseTo(1.0, within(1e-9));
    assertThat(share(allocation, "search").shareCores()).isCloseTo(1.3, within(1e-9));
    assertThat(share(allocation, "search").threadCap()).isEqualTo(OptionalInt.of(2));
    assertThat(share(allocation, "search").cappedFor()).containsExactly("pay");
    assertThat(share(allocation, "reports").cappedFor()).containsExactly("pay");
  }

  @Test
  void sharesAClassByWeightAndGivesTheRestToWhoStillClaimsIt() {
    ServiceLoad heavy =
        new ServiceLoad("etl", ServiceClass.BATCH, 3, 200, 0.02, 2, 40, 40, 4, false);
    ServiceLoad light =
        new ServiceLoad("thumbs", ServiceClass.BATCH, 1, 200, 0.02, 2, 40, 40, 4, false);
    ServiceLoad small =
        new ServiceLoad("mail", ServiceClass.BATCH, 4, 10, 0.02, 0.2, 2, 40, 4, false);

    ServiceLoad critical =
        new ServiceLoad("pay", ServiceClass.CRITICAL, 1, 10, 0.02, 0.2, 1, 4, 4, false);

    NodeAllocation allocation =
        allocator.allocate(new NodeProcessors(4, 4.0), List.of(critical, heavy, light, small));

    // 3.6 to share, 0.25 to pay: mail claims 0.2 (< its 4/8), the remaining 3.15 go 3:1.
    assertThat(share(allocation, "mail").shareCores()).isCloseTo(0.2, within(1e-9));
    assertThat(share(allocation, "etl").shareCores()).isCloseTo(2.3625, within(1e-9));
    assertThat(share(allocation, "thumbs").shareCores()).isCloseTo(0.7875, within(1e-9));
    assertThat(share(allocation, "etl").threadCap()).isEqualTo(OptionalInt.of(3));
    assertThat(share(allocation, "thumbs").threadCap()).isEqualTo(OptionalInt.of(1));
    assertThat(share(allocation, "mail").capped()).isFalse();
    assertThat(share(allocation, "etl").cappedFor()).containsExactly("pay");
  }

  @Test
  void capsNobodyForServicesOfTheirOwnClass() {
    ServiceLoad heavy =
        new ServiceLoad("etl", ServiceClass.BATCH, 3, 200, 0.02, 2, 40, 40, 4, false);
    ServiceLoad light =
        new ServiceLoad("thumbs", ServiceClass.BATCH, 1, 200, 0.02, 2, 40, 40, 4, false);

    NodeAllocation allocation =
        allocator.allocate(new NodeProcessors(4, 4.0), List.of(heavy, light));

    assertThat(allocation.contended()).isTrue();
    assertThat(allocation.capsAny()).isFalse();
  }

  @Test
  void keepsAServiceThatHoldsFewerThreadsThanItsShareUncapped() {
    NodeAllocation allocation =
        allocator.allocate(
            new NodeProcessors(2, 2.0), List.of(front(0.1, false), hashing(120, 1.7, 2, 2)));

    assertThat(share(allocation, "service-a").capped()).isFalse();
  }

  @Test
  void liftsCapsOnlyAfterFivePeriodsOfRoomInARow() {
    List<ServiceLoad> surge = List.of(front(0.1, false), hashing(120, 1.7, 64, 64));
    List<ServiceLoad> calm = List.of(front(0.1, false), hashing(20, 0.46, 2, 2));
    // 0.1875 + 1.3 = 1.49 claimed of 1.9: below 1.0 but above 0.8 of it.
    List<ServiceLoad> edge = List.of(front(0.1, false), hashing(1.3 / 0.023, 1.3, 2, 2));
    allocator.allocate(new NodeProcessors(2, 2.0), surge);

    for (int i = 0; i < 4; i++) {
      assertThat(allocator.allocate(new NodeProcessors(2, 0.8), calm).capsAny()).isTrue();
    }
    assertThat(allocator.allocate(new NodeProcessors(2, 1.6), edge).capsAny()).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(allocator.allocate(new NodeProcessors(2, 0.8), calm).capsAny()).isTrue();
    }
    NodeAllocation lifted = allocator.allocate(new NodeProcessors(2, 0.8), calm);

    assertThat(lifted.contended()).isFalse();
    assertThat(lifted.capsAny()).isFalse();
  }

  @Test
  void tightensACapAtOnceButLoosensItOnlyByAQuarterAskedForThreePeriodsInARow() {
    // 16 processors, all busy with the two services: 14.4 to share, less pay's claim.
    int first = capOfBatch(6.0);
    int nudged = capOfBatch(5.2);
    int asked = capOfBatch(4.0);
    int askedAgain = capOfBatch(3.0);
    int stepped = capOfBatch(4.0);
    int tightened = capOfBatch(8.0);

    assertThat(first).isEqualTo(9); // ⌈8.4⌉
    assertThat(nudged).isEqualTo(9); // ⌈9.2⌉ = 10 is less than a quarter more than 9
    assertThat(asked).isEqualTo(9); // ⌈10.4⌉ = 11 ≥ 9 + 2, asked once
    assertThat(askedAgain).isEqualTo(9); // ⌈11.4⌉ = 12, asked twice
    assertThat(stepped).isEqualTo(11); // asked a third time: the least of 11, 12, 11
    assertThat(tightened).isEqualTo(7); // ⌈6.4⌉, at once
  }

  @Test
  void aPeriodThatAsksForLessStartsTheCountToLoosenAfresh() {
    capOfBatch(6.0); // 9
    capOfBatch(4.0); // asks 11
    capOfBatch(4.0); // asks 11
    capOfBatch(5.6); // ⌈8.8⌉ = 9: asks for nothing
    capOfBatch(4.0);

    assertThat(capOfBatch(4.0)).isEqualTo(9);
    assertThat(capOfBatch(4.0)).isEqualTo(11);
  }

  /** The batch service's cap with a critical service claiming {@code claim} processors. */
  private int capOfBatch(double claim) {
    ServiceLoad critical =
        new ServiceLoad(
            "pay", ServiceClass.CRITICAL, 1, 100, claim / 1.25 / 100, 2, 10, 10, 16, false);
    NodeProcessors node = new NodeProcessors(16, 14);
    ServiceLoad batch =
        new ServiceLoad("etl", ServiceClass.BATCH, 1, 1000, 0.02, 12, 64, 64, 16, false);
    return allocator
        .allocate(node, List.of(critical, batch))
        .share("etl")
        .orElseThrow()
        .threadCap()
        .orElseThrow();
  }

  @Test
  void subtractsWhatProcessesOutsideTheServicesUse() {
    NodeAllocation allocation =
        allocator.allocate(
            new NodeProcessors(4, 3.0), List.of(front(0.1, false), hashing(10, 0.4, 2, 8)));

    assertThat(allocation.availableCores()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void refusesAServiceGivenTwiceNamingIt() {
    assertThatThrownBy(
            () ->
                allocator.allocate(
                    new NodeProcessors(2, 1), List.of(front(0.1, false), front(0.1, false))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service-b appears twice");
  }

  @Test
  void refusesAWeightBelowOneNamingTheService() {
    assertThatThrownBy(
            () -> new ServiceLoad("etl", ServiceClass.BATCH, 0, 1, 0.01, 0, 0, 1, 1, false))
        .hasMessageContaining("etl: weight 0 must be at least 1");
  }
}
