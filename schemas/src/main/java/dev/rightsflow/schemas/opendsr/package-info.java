/**
 * The one OpenDSR implementation every service uses: the wire records and their codec, the status
 * values, identity types and formats, and the X.509 signer, verifier and certificate directory.
 *
 * <p>Follows the OpenDSR specification version 2.0 ({@code specification.md} of
 * github.com/opengdpr/OpenDSR), section by section: §5 identities, §6 discovery, §7 requests,
 * responses and errors, §8 status and callbacks, §9 cancellation, §10.1 the OpenGDPR 1.0 names.
 * The records map the specification's fields one to one (snake_case names, RFC 3339 times as
 * strings, so nothing a party sent is reformatted before it is checked).
 */
package dev.rightsflow.schemas.opendsr;
