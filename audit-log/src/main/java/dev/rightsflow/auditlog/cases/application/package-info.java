/** Use cases of the case projection: fold events into cases, query them with their deadline as it stands. */
package dev.rightsflow.auditlog.cases.application;
