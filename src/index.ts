export { default } from './destinations/twilio-messaging'
export { default as twilioMessaging } from './destinations/twilio-messaging'
