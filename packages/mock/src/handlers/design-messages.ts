/** `api_102`: design changes in production. */
export const PRODUCTION_MESSAGE = 'This method cannot be used while the project is in Production status.';

/** `api_124`: imports of arms, events, mappings, metadata without the Project Design right. */
export const DESIGN_RIGHTS_MESSAGE =
  "Insufficient user privileges: You must have 'API Import/Update' privileges and 'Project Design and Setup' privileges in the project in order to utilize this API method.";

/** The design right's message of Import Project Info and Import Repeating Instruments and Events. */
export const SETUP_RIGHTS_MESSAGE =
  "Insufficient user privileges: You must have 'API Import/Update' privileges and 'Project Setup/Design' privileges in the project.";
