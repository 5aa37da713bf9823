/**
 * The built-in connectors, one class per vendor, each naming the vendor documentation it follows.
 * {@link dev.rightsflow.connectors.vendors.HttpConnector} holds what the HTTP connectors share:
 * mapping a vendor's error and rate-limit answers to outcomes, secret look-up, redaction of
 * personal data from reasons. Connectors here use only the JDK's HTTP client and Jackson.
 */
package dev.rightsflow.connectors.vendors;
