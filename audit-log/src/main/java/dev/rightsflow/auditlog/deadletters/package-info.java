/** Dead letters of every service (topic, offset, exception class; never the payload), for the dashboard. */
package dev.rightsflow.auditlog.deadletters;
