/** Request intake's outbound HTTP: OpenDSR status callbacks to the organisations that submitted over OpenDSR. */
package dev.rightsflow.intake.http;
