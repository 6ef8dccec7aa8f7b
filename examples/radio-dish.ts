// Draft sockets: Radio and Dish over UDP (zmq-napi/draft). A Radio sends each
// message under a group; a Dish receives only the groups it joined, exact
// match. Over udp:// a Radio sends everything and each Dish filters.
//
// UDP has no handshake: a datagram sent before the Dish's port is open is
// lost. libzmq opens UDP sockets on its I/O thread, in the order bind and
// connect were called, so binding the Dish before the Radio connects is
// enough here. libzmq's udp:// takes no wildcard port: the OS picks a free
// one for a moment first.
import * as dgram from "node:dgram"
import {Dish, Radio} from "zmq-napi/draft"

function freeUdpPort(): Promise<number> {
  return new Promise(resolve => {
    const socket = dgram.createSocket("udp4")
    socket.bind(0, "127.0.0.1", () => {
      const {port} = socket.address()
      socket.close(() => resolve(port))
    })
  })
}

async function main(): Promise<void> {
  const address = `udp://127.0.0.1:${await freeUdpPort()}`
  const dish = new Dish()
  dish.bind(address)
  dish.join("movies", "weather")
  const radio = new Radio()
  radio.connect(address)

  const news = [["sports", "Goal!"], ["movies", "Premiere tonight"], ["weather", "Rain"], ["sports", "Saved"],
    ["weather", "Sun"]] as const
  for (const [group, text] of news) await radio.send(text, {group})

  for (let n = 0; n < 3; n++) {
    const [text, {group}] = await dish.receive()
    console.log(`[${group}] ${text}`)
  }
  radio.close()
  dish.close()
}

void main()
