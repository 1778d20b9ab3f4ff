// Progressive enhancement only: every page works without this script.
// Marks the page as able to run GOV.UK and MOJ Frontend's JavaScript, then starts their components.
import { initAll as initGovukFrontend } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMojFrontend } from '/assets/moj/moj-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initGovukFrontend();
initMojFrontend();
