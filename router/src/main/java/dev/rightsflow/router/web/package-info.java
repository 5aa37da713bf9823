/** HTTP adapters of the router: the registry admin API and the router's views (triage, forwarded, cases, rebuild). */
package dev.rightsflow.router.web;
