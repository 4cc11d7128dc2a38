/** Formatting helpers every view can use (app.locals). */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** "+919845000011" -> "+91 98450 00011"; anything unparseable is shown as stored. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
