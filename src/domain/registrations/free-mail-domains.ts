/**
 * Registrable domains of public email services: an address there says nothing about the company
 * behind it, so these never identify (or match) a customer company. A program adds to the list
 * with `registrations.conflict.extraFreeMailDomains`.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'aol.com', 'att.net', 'comcast.net', 'fastmail.com', 'gmail.com', 'gmx.at', 'gmx.ch', 'gmx.com', 'gmx.de',
  'gmx.net', 'googlemail.com', 'hey.com', 'hotmail.co.uk', 'hotmail.com', 'hotmail.de', 'hotmail.fr', 'icloud.com',
  'inbox.com', 'libero.it', 'live.com', 'mac.com', 'mail.com', 'mail.ru', 'me.com', 'msn.com', 'orange.fr',
  'outlook.com', 'outlook.de', 'pm.me', 'proton.me', 'protonmail.com', 'qq.com', 'rediffmail.com', 't-online.de',
  'tutanota.com', 'verizon.net', 'web.de', 'yahoo.co.in', 'yahoo.co.jp', 'yahoo.co.uk', 'yahoo.com', 'yahoo.de',
  'yahoo.fr', 'yandex.com', 'yandex.ru', 'ymail.com', 'zoho.com', '163.com', '126.com',
]);
