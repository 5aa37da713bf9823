/**
 * What the services that serve pages share on their web side beyond security: the site's icon ({@code SiteIcon}).
 */
package dev.rightsflow.schemas.web;
