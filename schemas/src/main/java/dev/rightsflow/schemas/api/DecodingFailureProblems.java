package dev.rightsflow.schemas.api;

import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Problem JSON for the refusals Reactor Netty sends itself, before any Spring code sees the request: a request line
 * past the decoder's limit (414), headers past it (431), a request the decoder cannot read at all (400). Reactor Netty
 * answers those with an empty body and closes the connection ({@code HttpServerOperations.sendDecodingFailures});
 * this outbound handler, placed just after the HTTP codec, gives such a response the same RFC 9457 body as every
 * other refusal (no {@code instance}: the path is what could not be read).
 *
 * <p>Only a full response with an empty body and {@code Connection: close} is touched, which is the decoder's
 * refusal and nothing an application writes (Spring writes headers and body as separate messages, and every
 * refusal of ours carries its body already).
 */
@ChannelHandler.Sharable
public final class DecodingFailureProblems extends ChannelDuplexHandler {

    /** The handler's name in the pipeline. */
    public static final String NAME = "rightsflow.decodingFailureProblems";

    private static final Map<Integer, Problem> PROBLEMS = Map.of(
            414, problem(ProblemType.URI_TOO_LONG,
                    "The request line (the method, path and query) is longer than this server accepts."),
            431, problem(ProblemType.HEADER_FIELDS_TOO_LARGE,
                    "The request's headers are larger than this server accepts."),
            400, problem(ProblemType.MALFORMED, "The request could not be read as HTTP."));

    private static final DecodingFailureProblems INSTANCE = new DecodingFailureProblems();

    private DecodingFailureProblems() {
    }

    /** Adds the handler to every connection of {@code server}, after its HTTP codec. */
    public static HttpServer on(HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(NAME) == null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
            }
        });
    }

    private static Problem problem(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status().value(), detail, null, null, null);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof FullHttpResponse response && decoderRefusal(response)) {
            Problem problem = PROBLEMS.get(response.status().code());
            byte[] body = Problems.bytes(problem);
            FullHttpResponse withBody = new DefaultFullHttpResponse(response.protocolVersion(), response.status(),
                    Unpooled.wrappedBuffer(body), response.headers().copy(), response.trailingHeaders().copy());
            withBody.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ReferenceCountUtil.release(response);
            super.write(ctx, withBody, promise);
            return;
        }
        super.write(ctx, msg, promise);
    }

    private static boolean decoderRefusal(FullHttpResponse response) {
        HttpResponseStatus status = response.status();
        return PROBLEMS.containsKey(status.code()) && response.content().readableBytes() == 0
                && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                && response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    }
}
