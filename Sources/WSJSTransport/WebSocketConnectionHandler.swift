// SPDX-License-Identifier: MIT
import NIOCore
import NIOWebSocket

/// The pipeline's last handler: hands decoded frames, errors and the end of the TCP connection to
/// the ``WebSocketConnection``, which owns the protocol state.
final class WebSocketConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame

    private let connection: WebSocketConnection

    init(connection: WebSocketConnection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.readInProgress = true
        connection.received(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        connection.readInProgress = false
        connection.flush()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // The frame decoder's own checks (RFC 6455 §5.2, §5.5): map them to the Close code.
        switch error as? NIOWebSocketError {
        case .invalidFrameLength:
            connection.fail(.messageTooBig("a frame is larger than the \(connection.configuration.maxMessageSize)-byte message limit"))
        case .fragmentedControlFrame:
            connection.fail(.protocolViolation("the server sent a fragmented control frame"))
        case .multiByteControlFrameLength:
            connection.fail(.protocolViolation("the server sent a control frame longer than 125 bytes"))
        default:
            connection.fail(.protocolViolation("the connection failed: \(error)"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.channelClosed()
        context.fireChannelInactive()
    }
}
