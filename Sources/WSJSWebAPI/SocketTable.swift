// SPDX-License-Identifier: MIT

/// The script's open sockets by id, for the host operations that name one (`wsSendText`,
/// `wsSendBinary`, `wsClose`, `wsAbandon`).
///
/// Every `send()` looks its socket up, so a lookup is an array index and one comparison; hashing
/// an id for a dictionary cost about 5% of a `send()`. An id is a slot index in its low 20 bits
/// and the slot's reuse count above them, so the id of a closed socket never finds the socket
/// that took its slot later.
struct SocketTable {
    private static let slotBits = 20
    private static let slotMask = (1 << slotBits) - 1

    /// Slot 0 stays empty, so no socket has id 0 (websocket.js's "not connected yet").
    private var slots: [SocketLink?] = [nil]
    private var generations: [Int] = [0]
    private var freeSlots: [Int] = []

    /// The id the next inserted link must carry.
    func nextID() -> Int {
        if let slot = freeSlots.last { return slot | (generations[slot] << Self.slotBits) }
        return slots.count
    }

    /// Stores `link`, whose id came from ``nextID()``.
    mutating func insert(_ link: SocketLink) {
        let slot = link.id & Self.slotMask
        if slot == slots.count {
            slots.append(link)
            generations.append(0)
        } else {
            precondition(freeSlots.last == slot && slots[slot] == nil, "SocketTable: insert without nextID()")
            freeSlots.removeLast()
            slots[slot] = link
        }
    }

    subscript(id: Int) -> SocketLink? {
        let slot = id & Self.slotMask
        guard slot < slots.count, let link = slots[slot], link.id == id else { return nil }
        return link
    }

    /// Removes the link with this id; false if there is none.
    mutating func remove(id: Int) -> Bool {
        guard self[id] != nil else { return false }
        let slot = id & Self.slotMask
        slots[slot] = nil
        generations[slot] += 1
        freeSlots.append(slot)
        return true
    }

    /// The open sockets' links.
    var links: [SocketLink] { slots.compactMap { $0 } }

    /// How many sockets are open.
    var count: Int { slots.count - 1 - freeSlots.count }
}
