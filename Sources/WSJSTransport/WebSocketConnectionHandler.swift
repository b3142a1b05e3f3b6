// SPDX-License-Identifier: MIT
import NIOCore

/// The pipeline's last handler once the handshake is done: decodes each read into frame parts
/// and hands them, the end of each read burst and the end of the TCP connection to the
/// ``WebSocketConnection``, which owns the protocol state.
final class WebSocketConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let connection: WebSocketConnection
    private var decoder = FrameStreamDecoder()

    init(connection: WebSocketConnection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.readInProgress = true
        let connection = connection
        decoder.decode(unwrapInboundIn(data)) { part in
            switch part {
            case .header(let header): connection.received(header: header)
            case .payload(let piece): connection.received(payload: piece)
            case .end: connection.receivedEndOfFrame()
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        connection.readInProgress = false
        connection.flush()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A socket error (a reset, …): the connection ends without a closing handshake.
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.channelClosed()
        context.fireChannelInactive()
    }
}
