/** Staff actions on a case and the rules that check them against the projection, in plain Java. */
package dev.rightsflow.auditlog.dashboard.model;
