/** Senders an admin often authorises: picked in the SPF editor, or by id in `mailwright spf add-include`. */

export interface SpfPreset {
  id: string;
  label: string;
  include: string;
  note?: string;
}

export const SPF_PRESETS: readonly SpfPreset[] = [
  { id: 'infomaniak', label: 'Infomaniak (this provider)', include: 'spf.infomaniak.ch' },
  { id: 'google', label: 'Google Workspace', include: '_spf.google.com' },
  { id: 'microsoft', label: 'Microsoft 365', include: 'spf.protection.outlook.com' },
  { id: 'mailchimp', label: 'Mailchimp / Mandrill', include: 'spf.mandrillapp.com' },
  { id: 'sendgrid', label: 'SendGrid', include: 'sendgrid.net' },
  { id: 'mailgun', label: 'Mailgun', include: 'mailgun.org' },
  { id: 'brevo', label: 'Brevo', include: 'spf.brevo.com' },
  { id: 'amazon-ses', label: 'Amazon SES', include: 'amazonses.com', note: 'Only needed with a custom MAIL FROM domain.' },
];
