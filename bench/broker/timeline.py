#!/usr/bin/env python3
"""Where a message's time goes, from a loopback capture of one broker benchmark (run.sh with CAPTURE=DIR).

Reads a pcap (tcpdump -w, nanosecond or microsecond stamps) of the traffic on the broker's port, rebuilds each TCP
stream's MQTT 5 packets and follows every measured QoS 1 message (phase byte 1 of the generators' payload) by its
send time, the payload's first 8 bytes:
  sent    the generator's publish() call (the payload's clock, CLOCK_MONOTONIC) → its PUBLISH on the wire to the
          broker, less the smallest such gap in the capture (the two clocks' offset, and a send that took no time);
  broker  that PUBLISH's last byte on the wire → the delivery's last byte on the wire to the subscriber: the broker's
          own time, in the broker's process and the kernel's loopback path, and the moments neither had the CPU.
Prints each part's p50, p99 and maximum in ms, then the broker's part by a message's place in its burst (both
generators publish every 5 ms whatever is due, so a burst is the messages whose PUBLISHes reached the wire less than
2 ms apart): how the broker's time grows while it works through one burst. Last, the slowest message's wait: how many
segments the broker sent meanwhile and its longest silence, which tells a broker busy with other work from one that
stood still (a pause of the whole process, or of the thread that serves the connection).
With RECEIPTS (the file a generator writes when VIGIL_BENCH_RECEIPTS names it, as run.sh has it do with CAPTURE:
each measured message's send time and latency), the third part too, and how the slowest 1 % divide among the three:
  received  the delivery's last byte on the wire → the generator's receive callback: the kernel's handing over to
            the subscriber's socket and the generator's own reading and dispatching, which shares the generator's
            process (and core) with its publishing.
Usage: bench/broker/timeline.py CAPTURE.pcap BROKER_PORT [RECEIPTS]
"""
import bisect
import struct
import sys


def packets(path):
    """(time in ns, source port, destination port, TCP payload) of every IPv4 TCP segment with data."""
    with open(path, "rb") as f:
        header = f.read(24)
        magic = struct.unpack("<I", header[:4])[0]
        scale = {0xA1B2C3D4: 1000, 0xA1B23C4D: 1}[magic]
        link = struct.unpack("<I", header[20:24])[0]
        skip = {1: 14, 113: 16, 276: 20}[link]  # Ethernet (lo), Linux cooked v1 / v2 (-i any)
        while True:
            record = f.read(16)
            if len(record) < 16:
                return
            seconds, fraction, captured, _ = struct.unpack("<IIII", record)
            frame = f.read(captured)
            ip = frame[skip:]
            if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
                continue
            tcp = ip[(ip[0] & 0x0F) * 4:]
            source, destination = struct.unpack(">HH", tcp[:4])
            data = tcp[(tcp[12] >> 4) * 4:]
            if data:
                yield seconds * 1_000_000_000 + fraction * scale, source, destination, data


def varint(buffer, at):
    value, shift = 0, 0
    while True:
        if at >= len(buffer):
            return None, at
        byte = buffer[at]
        value |= (byte & 0x7F) << shift
        at += 1
        if not byte & 0x80:
            return value, at
        shift += 7


def publishes(buffer):
    """Complete packets at the start of buffer: yields the send-time key of each QoS 1/2 PUBLISH (None for other
    packets) and finally how many bytes were used."""
    at = 0
    while True:
        length, body = varint(buffer, at + 1)
        if length is None or body + length > len(buffer):
            yield at
            return
        flags = buffer[at]
        if flags >> 4 == 3 and (flags >> 1) & 3:
            topic = struct.unpack(">H", buffer[body:body + 2])[0]
            properties, payload = varint(buffer, body + 2 + topic + 2)
            start = payload + properties
            yield buffer[start:start + 9] if body + length - start >= 9 else None
        else:
            yield None
        at = body + length


def percentiles(values):
    values = sorted(values)
    if not values:
        return "no messages"
    at = lambda q: values[min(len(values) - 1, int(len(values) * q))] / 1e6
    return f"p50 {at(0.5):6.2f}  p99 {at(0.99):6.2f}  max {values[-1] / 1e6:7.2f} ms  ({len(values)} messages)"


def by_place(inbound, outbound, places=(0, 5, 10, 15, 20, 25)):
    """(place, p50 µs, p99 µs) of the broker's time for the messages at each place of their burst."""
    times = {place: [] for place in places}
    previous, place = None, 0
    for at, key in sorted((at, key) for key, at in inbound.items() if key in outbound):
        place = 0 if previous is None or at - previous > 2_000_000 else place + 1
        previous = at
        if place in times:
            times[place].append((outbound[key] - at) / 1000)
    for place in places:
        values = sorted(times[place])
        if values:
            yield place, values[len(values) // 2], values[min(len(values) - 1, int(len(values) * 0.99))]


def slowest_wait(inbound, outbound, sent_by_broker):
    """(wait, segments the broker sent during it, its longest silence during it) for the slowest message, in ns."""
    waits = [(outbound[key] - at, at, outbound[key]) for key, at in inbound.items() if key in outbound]
    if not waits:
        return None
    wait, start, end = max(waits)
    inside = sent_by_broker[bisect.bisect_left(sent_by_broker, start):bisect.bisect_right(sent_by_broker, end)]
    moments = [start] + inside + [end]
    return wait, len(inside), max(b - a for a, b in zip(moments, moments[1:]))


def split(receipts, inbound, outbound, offset):
    """Prints the received part, and the mean of each part over the slowest 1 % end to end (ns throughout)."""
    rows = []
    with open(receipts) as lines:
        for line in lines:
            sent_at, micros = (int(field) for field in line.split())
            key = struct.pack("<q", sent_at)
            if key in inbound and key in outbound:
                total, sent, broker = micros * 1000, inbound[key] - sent_at - offset, outbound[key] - inbound[key]
                rows.append((total, sent, broker, total - sent - broker))
    if not rows:
        print("  received: no message of the receipts is in the capture")
        return
    print(f"  received: {percentiles([row[3] for row in rows])}")
    slowest = sorted(rows, reverse=True)[:max(1, len(rows) // 100)]
    mean = lambda part: sum(row[part] for row in slowest) / len(slowest) / 1e6
    print(f"  the slowest 1 % end to end ({len(slowest)}), mean ms: {mean(0):.2f} = sent {mean(1):.2f} + broker {mean(2):.2f}"
          f" + received {mean(3):.2f}")


def main(path, port, receipts=None):
    streams = {}
    sent_by_broker = []
    inbound = {}  # send time → wire time of the PUBLISH to the broker
    outbound = {}  # send time → wire time of the delivery to the subscriber
    for time, source, destination, data in packets(path):
        if source == port:
            sent_by_broker.append(time)
        key = (source, destination)
        buffer = streams.get(key, b"") + data
        used = 0
        for item in publishes(buffer):
            if isinstance(item, int):
                used = item
            elif item is not None and item[8] == 1:
                (inbound if destination == port else outbound).setdefault(item[:8], time)
        streams[key] = buffer[used:]
    sends = {key: at - struct.unpack("<q", key)[0] for key, at in inbound.items()}
    offset = min(sends.values(), default=0)
    print(f"  sent:   {percentiles([gap - offset for gap in sends.values()])}")
    print(f"  broker: {percentiles([outbound[key] - at for key, at in inbound.items() if key in outbound])}")
    print("  broker, by place in the burst (µs, p50 / p99):")
    print("    " + "  ".join(f"#{place}: {p50:.0f} / {p99:.0f}" for place, p50, p99 in by_place(inbound, outbound)))
    slowest = slowest_wait(inbound, outbound, sent_by_broker)
    if slowest:
        wait, segments, silence = slowest
        print(f"  slowest: {wait / 1e6:.2f} ms in the broker, which sent {segments} segments meanwhile and was silent"
              f" for {silence / 1e6:.2f} ms of it at most")
    if receipts:
        split(receipts, inbound, outbound, offset)
    missing = sum(1 for key in inbound if key not in outbound)
    if missing:
        print(f"  {missing} published messages had no delivery in the capture")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
