using Pace.Core.Scheduling;

namespace Pace.Core.Tests.Scheduling;

/// <summary>The slots' rules, with no agents: first claim, spare slots and their hand-over.</summary>
public sealed class AgentSlotsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_spare_slot_is_given_only_while_one_is_free_and_no_item_of_first_claim_waits()
    {
        using var slots = new AgentSlots(2);

        slots.Expect(1);
        slots.TryTakeSpare().ShouldBeNull("a wave task is coming");
        slots.StopWaiting();

        var first = slots.TryTakeSpare().ShouldNotBeNull();
        slots.TryTakeSpare().ShouldNotBeNull();
        slots.TryTakeSpare().ShouldBeNull("both slots are taken");

        first.End();
        slots.TryTakeSpare().ShouldNotBeNull("the ended run freed its slot");
    }

    [Fact]
    public async Task An_item_of_first_claim_waits_for_a_freed_slot_and_no_spare_is_given_meanwhile()
    {
        using var slots = new AgentSlots(1);
        var held = slots.TryTakeSpare().ShouldNotBeNull();

        var queued = slots.QueueAsync(TestContext.Current.CancellationToken);

        queued.IsCompleted.ShouldBeFalse();
        slots.Waiting.ShouldBe(1);
        held.End();
        await queued.WaitAsync(Bound, TestContext.Current.CancellationToken);
        slots.Waiting.ShouldBe(0);
        slots.TryTakeSpare().ShouldBeNull("the queued item holds the only slot");
    }

    [Fact]
    public void A_lease_taken_over_before_its_run_ends_keeps_the_slot_for_the_one_who_took_it()
    {
        using var slots = new AgentSlots(1);
        var lease = slots.TryTakeSpare().ShouldNotBeNull();

        lease.TryTakeOver().ShouldBeTrue();
        lease.End();

        slots.TryTakeSpare().ShouldBeNull("the slot went to the item that took it over, not back to the pool");
        slots.Release();
        slots.TryTakeSpare().ShouldNotBeNull();
    }

    [Fact]
    public void A_lease_whose_run_ended_cannot_be_taken_over_and_its_slot_is_free_once()
    {
        using var slots = new AgentSlots(1);
        var lease = slots.TryTakeSpare().ShouldNotBeNull();

        lease.End();
        lease.TryTakeOver().ShouldBeFalse();
        lease.End();

        slots.TryTakeSpare().ShouldNotBeNull();
        slots.TryTakeSpare().ShouldBeNull("ending twice freed the slot once");
    }
}
