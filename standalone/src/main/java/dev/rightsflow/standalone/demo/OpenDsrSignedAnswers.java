package dev.rightsflow.standalone.demo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsr;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;

/**
 * Makes a demo stand-in answer as an OpenDSR 2.0 controller does: signed with its certificate
 * through the shared codec and signer, so the router verifies it like any peer's answer. A stub
 * opts in with the transformer {@value #NAME} and the parameter {@code message}:
 * <ul>
 *   <li>{@code receipt} (§7.3): the templated body's fields, plus {@code encoded_request} (the
 *       request's own bytes, Base64) and {@code processor_signature};</li>
 *   <li>{@code cancellation} (§9.2): the templated body's fields and {@code processor_signature};</li>
 *   <li>{@code certificate} (§6.3): the stand-in's certificate, PEM;</li>
 *   <li>anything else: the templated body as it is.</li>
 * </ul>
 * Every JSON answer carries {@code X-OpenDSR-Processor-Domain} and {@code X-OpenDSR-Signature} over
 * the exact bytes sent (§8.3).
 */
public final class OpenDsrSignedAnswers implements ResponseTransformerV2 {

    public static final String NAME = "opendsr-signed";

    private final OpenDsrSigner signer;
    private final OpenDsrCodec codec = new OpenDsrCodec();

    public OpenDsrSignedAnswers(OpenDsrSigner signer) {
        this.signer = signer;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        String message = serveEvent.getTransformerParameters() == null ? null
                : serveEvent.getTransformerParameters().getString("message", null);
        if ("certificate".equals(message)) {
            return Response.Builder.like(response).but().body(signer.certificatePem().getBytes(StandardCharsets.UTF_8))
                    .headers(response.getHeaders().plus(new HttpHeader("Content-Type", "application/x-pem-file")))
                    .build();
        }
        byte[] body = response.getBody();
        if ("receipt".equals(message)) {
            Messages.Receipt templated = codec.read(body, Messages.Receipt.class);
            body = codec.write(codec.signedReceipt(new Messages.Receipt(templated.controllerId(),
                    templated.expectedCompletionTime(), templated.receivedTime(),
                    Base64.getEncoder().encodeToString(serveEvent.getRequest().getBody()), templated.subjectRequestId(),
                    null), signer));
        } else if ("cancellation".equals(message)) {
            body = codec.write(codec.signedCancellation(codec.read(body, Messages.CancellationReceipt.class), signer));
        }
        return Response.Builder.like(response).but().body(body)
                .headers(response.getHeaders().plus(new HttpHeader(OpenDsr.DOMAIN_HEADER, signer.domain()),
                        new HttpHeader(OpenDsr.SIGNATURE_HEADER, signer.sign(body))))
                .build();
    }
}
