/** Plain words shared by every service's pages, emails and packages: dates in words, UK local times. */
package dev.rightsflow.schemas.words;
