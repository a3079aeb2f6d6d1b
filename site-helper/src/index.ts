export { createCompanionSite, type CompanionSite, type CompanionSiteOptions } from './companionSite.ts';
export { CompanionSiteError, type CompanionSiteErrorCode } from './errors.ts';
