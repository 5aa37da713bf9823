/**
 * Who may call the router's HTTP paths: admin bearer tokens and organisation credentials ({@code AdminAuth}) and the
 * Spring Security chains ({@code RouterSecurity}), the OpenDSR callback's signature check among them.
 */
package dev.rightsflow.router.security;
