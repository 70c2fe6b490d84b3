"""The ticket lock store (state/lock_store.py) against the real Redis on 127.0.0.1:6379.
Two stores stand for two Rasa instances: each has its own connections."""
from __future__ import annotations

import asyncio
import multiprocessing
import uuid

import pytest
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from state.lock_store import TicketLockStore

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def redis_is_up():
    import redis

    try:
        redis.from_url(REDIS).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (the tests need it)")


def store(**options) -> TicketLockStore:
    return TicketLockStore(EndpointConfig(url=REDIS, key_prefix="test", **options))


def conversation() -> str:
    return f"lock-{uuid.uuid4().hex}"


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, timeout=60))  # a hang fails, it does not wedge the run


def test_rasa_loads_it_by_module_path_from_the_endpoints_file():
    config = EndpointConfig(type="state.lock_store.TicketLockStore", url="127.0.0.1", port="6379")
    assert isinstance(LockStore.create(config), TicketLockStore)


def test_two_instances_hammering_one_conversation_take_turns_and_every_turn_runs():
    conv = conversation()
    inside, most, order = [0], [0], []

    async def turn(lock_store: TicketLockStore, n: int) -> None:
        async with lock_store.lock(conv):
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            await asyncio.sleep(0.002)  # a read, an await, a write: what a turn does
            order.append(n)
            inside[0] -= 1

    async def main():
        a, b = store(), store()
        await asyncio.gather(*(turn(a if n % 2 else b, n) for n in range(40)))
        return await a.red.exists(*a.keys(conv))

    left = run(main())
    assert most[0] == 1, "two turns of one conversation ran at once"
    assert sorted(order) == list(range(40))
    assert left == 0, "the last turn out deletes the conversation's keys"


def _hammer(conv: str, rounds: int, errors) -> None:
    """One process's turns: three at a time, counting in Redis how many are inside."""
    import redis

    counter = redis.from_url(REDIS)

    async def turn(lock_store):
        async with lock_store.lock(conv):
            if counter.incr(f"test:inside:{conv}") > 1:
                counter.incr(f"test:overlaps:{conv}")
            await asyncio.sleep(0.003)
            counter.decr(f"test:inside:{conv}")

    async def main():
        lock_store = store()
        for _ in range(rounds):
            done = await asyncio.gather(*(turn(lock_store) for _ in range(3)), return_exceptions=True)
            errors.put(sum(isinstance(d, BaseException) for d in done))

    asyncio.run(main())


def test_two_processes_hammering_one_conversation_never_overlap():
    """Separate processes, as separate instances are (Rasa's RedisLockStore, run the same
    way by hand, left a lock with no tickets that its waiters never got past)."""
    import redis

    conv, errors = conversation(), multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_hammer, args=(conv, 10, errors)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    counter = redis.from_url(REDIS)
    overlaps = int(counter.get(f"test:overlaps:{conv}") or 0)
    counter.delete(f"test:inside:{conv}", f"test:overlaps:{conv}")
    assert [p.exitcode for p in procs] == [0, 0]
    assert sum(errors.get(timeout=5) for _ in range(20)) == 0
    assert overlaps == 0, "two processes' turns of one conversation ran at once"


def test_tickets_are_served_in_the_order_they_were_taken_whichever_instance_took_them():
    conv = conversation()

    async def main():
        a, b = store(), store()
        taken = [await (a if n % 2 else b).take_ticket(conv) for n in range(3)]
        tickets = [t for t, _ in taken]
        ahead = [await a.check_in(conv, t) for t in tickets]
        assert [n for _, n in taken] == ahead
        await b.release(conv, tickets[0])
        after = [await b.check_in(conv, t) for t in tickets[1:]]
        for t in tickets[1:]:
            await a.release(conv, t)
        return ahead, after

    assert run(main()) == ([0, 1, 2], [0, 1])


def test_a_dead_holder_is_passed_over_when_its_lease_runs_out():
    conv = conversation()

    async def main():
        lock_store = store(lease_seconds=0.3)
        dead, ahead = await lock_store.take_ticket(conv)  # taken, then never renewed: the process died
        assert ahead == 0
        async with lock_store.lock(conv):
            return await lock_store.check_in(conv, dead)

    assert run(main()) == -1


def test_a_live_holder_keeps_its_turn_past_its_lease():
    conv = conversation()
    events = []

    async def holder(lock_store):
        async with lock_store.lock(conv):
            events.append("first in")
            await asyncio.sleep(1.5)  # five leases: renewed meanwhile
            events.append("first out")

    async def waiter(lock_store):
        await asyncio.sleep(0.1)
        async with lock_store.lock(conv):
            events.append("second in")

    async def main():
        await asyncio.gather(holder(store(lease_seconds=0.3)), waiter(store(lease_seconds=0.3)))

    run(main())
    assert events == ["first in", "first out", "second in"]


def test_a_holder_past_the_lock_lifetime_lets_the_next_turn_in():
    conv = conversation()
    events = []

    async def main():
        a, b = store(lease_seconds=0.2), store(lease_seconds=0.2)
        release = asyncio.Event()

        async def stuck():
            async with a.lock(conv, lock_lifetime=0.4):
                events.append("stuck in")
                await release.wait()

        async def next_turn():
            await asyncio.sleep(0.05)
            async with b.lock(conv):
                events.append("next in")
            release.set()

        await asyncio.gather(stuck(), next_turn())

    run(main())
    assert events == ["stuck in", "next in"]


def test_its_keys_end_in_the_conversation_id_and_expire():
    conv = conversation()

    async def main():
        lock_store = store(lease_seconds=5)
        async with lock_store.lock(conv):
            ttls = [await lock_store.red.pttl(k) for k in lock_store.keys(conv)]
        return lock_store.keys(conv), ttls

    keys, ttls = run(main())
    assert all(k.startswith("test:") and k.endswith(f":{conv}") for k in keys)
    assert all(0 < ttl <= 5000 for ttl in ttls)


def test_no_redis_is_a_lock_error_not_a_hang():
    async def main():
        lock_store = TicketLockStore(EndpointConfig(url="redis://127.0.0.1:1/0"))
        async with lock_store.lock(conversation()):
            pass

    with pytest.raises(LockError):
        run(main())


def test_a_connection_redis_closed_is_replaced_not_a_lock_error():
    """As after a Redis restart: the pooled connection is closed by the server, and the
    next turn still gets its lock (tests/cluster's stop after the Redis restart)."""
    import redis

    async def main():
        lock_store = store()
        async with lock_store.lock(conversation()):
            pass
        own = await lock_store.red.client_id()  # the one pooled connection, idle again
        assert redis.from_url(REDIS).client_kill_filter(_id=own) == 1
        async with lock_store.lock(conversation()):
            return True

    assert run(main())
