// The demo account as the IE1 region holds it: its own numbers (a UK and an Irish one whose messaging region is IE1),
// a Messaging Service of those, and nothing IE1 does not run (no short codes, Content Templates, WhatsApp or
// Messenger senders). SIDs are derived from labels, as in seed.ts, so every run sees the same ones.
import type { DemoAccount, SeedOptions } from './seed'
import { seedDay, stableSid } from './stable-seed-values'

/** The IE1 demo numbers, as the destination's IE1 samples send from them. */
export const IE1_DEMO_NUMBERS = { uk: '+447700900100', ireland: '+353851230100' } as const

export function createIe1Account(accountSid: string, seed: SeedOptions = {}): DemoAccount {
  const number = (phoneNumber: string, friendlyName: string, created: string) => ({
    sid: stableSid('PN', `${accountSid}:ie1:${phoneNumber}`),
    phoneNumber,
    friendlyName,
    capabilities: { voice: true, sms: true, mms: false, fax: false },
    dateCreated: seedDay(created)
  })
  return {
    accountSid,
    friendlyName: 'Emulator demo account (IE1)',
    phoneNumbers: [
      number(IE1_DEMO_NUMBERS.uk, 'London (IE1)', '2025-03-03'),
      number(IE1_DEMO_NUMBERS.ireland, 'Dublin (IE1)', '2025-03-04')
    ],
    shortCodes: [],
    services: [
      {
        sid: stableSid('MG', `${accountSid}:ie1:eu-notifications`),
        friendlyName: 'EU notifications',
        usecase: 'notifications',
        senders: [IE1_DEMO_NUMBERS.uk, IE1_DEMO_NUMBERS.ireland],
        statusCallback: null,
        dateCreated: seedDay('2025-03-05')
      }
    ],
    contents: [],
    whatsappSenders: [],
    messengerPageIds: [],
    approvalShape: seed.approvalShape ?? 'flat'
  }
}
