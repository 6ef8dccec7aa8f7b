// Incoming: reads a batch of whole multipart messages from a socket and hands
// it to JS in one piece.
//
// Creating one JS Buffer per frame through Node-API costs far more than
// libzmq's receive itself, so a batch is returned as one Buffer holding the
// bytes of its small frames back to back, plus a Uint32Array layout of
// (length, flags) pairs; lib/incoming.ts cuts the frames out as Buffers
// over the batch's memory. Large frames are not copied at all: each becomes
// an external Buffer that owns its zmq_msg_t (freed when the Buffer is
// collected), returned in a third element, in order. lib/outgoing.ts packs
// batches to send in the same layout.
#pragma once

#include <napi.h>

#include "metadata.h"

namespace zmqnapi {

// Layout flags of a frame.
constexpr uint32_t kFrameMore = 1;      // another frame of the same message follows
constexpr uint32_t kFrameExternal = 2;  // the frame is the next Buffer of `large`

// The per-message property a draft socket's batch carries as a fourth element,
// one entry per message: the sender's routing id (SERVER, PEER) as a
// Uint32Array, or the group (DISH) as an array of Buffers.
enum class MessageProperty { None, RoutingId, Group };

// Reads up to `max` complete messages (and about 32 KiB of data) without
// blocking. Returns [data: Buffer, layout: Uint32Array, large: Buffer[]]
// (plus the property's entries unless it is None, plus, when `metadata`
// names properties, a fifth element with each message's metadata (see
// metadata.h) after an undefined fourth where there is no property) or null
// when nothing is available. Throws the libzmq error for anything but EAGAIN.
Napi::Value ReceiveBatch(Napi::Env env, void* socket, uint32_t max, MessageProperty property,
                         const MetadataNames& metadata);

}  // namespace zmqnapi
