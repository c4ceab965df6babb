// Facts from Segment's live Twilio Messaging destination (id 674f23ece330374dc1ecc874, slug actions-twilio-messaging):
// field keys, types and conditions as its checked-in metadata.json ships them, and the values its dynamic dropdowns
// store (its sendMessage constants).
// Data only, for checking that mappings saved there keep working here.
export default {
  settings: ['accountSID', 'apiKeySID', 'apiKeySecret'],
  fields: {
    channel: {
      type: 'string',
      multiple: false,
      required: true,
      depends_on: null
    },
    senderType: {
      type: 'string',
      multiple: false,
      required: true,
      depends_on: null
    },
    contentTemplateType: {
      type: 'string',
      multiple: false,
      required: true,
      depends_on: null
    },
    toPhoneNumber: {
      type: 'string',
      multiple: false,
      required: false,
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'channel',
            operator: 'is_not',
            value: 'Messenger'
          }
        ]
      }
    },
    toMessengerUserId: {
      type: 'string',
      multiple: false,
      required: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'channel',
            operator: 'is',
            value: 'Messenger'
          }
        ]
      },
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'channel',
            operator: 'is',
            value: 'Messenger'
          }
        ]
      }
    },
    fromPhoneNumber: {
      type: 'string',
      multiple: false,
      required: false,
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'senderType',
            operator: 'is',
            value: 'Phone number'
          },
          {
            fieldKey: 'channels',
            operator: 'is_not',
            value: 'Messenger'
          }
        ]
      }
    },
    fromFacebookPageId: {
      type: 'string',
      multiple: false,
      required: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'channel',
            operator: 'is',
            value: 'Messenger'
          }
        ]
      },
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'channel',
            operator: 'is',
            value: 'Messenger'
          }
        ]
      }
    },
    messagingServiceSid: {
      type: 'string',
      multiple: false,
      required: {
        conditions: [
          {
            fieldKey: 'channel',
            operator: 'is',
            value: 'RCS'
          }
        ]
      },
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'senderType',
            operator: 'is',
            value: 'Messaging Service'
          },
          {
            fieldKey: 'channels',
            operator: 'is_not',
            value: 'Messenger'
          }
        ]
      }
    },
    contentSid: {
      type: 'string',
      multiple: false,
      required: false,
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'contentTemplateType',
            operator: 'is_not',
            value: 'Inline'
          }
        ]
      }
    },
    contentVariables: {
      type: 'object',
      multiple: false,
      required: false,
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'contentTemplateType',
            operator: 'is_not',
            value: 'Inline'
          }
        ]
      }
    },
    inlineBody: {
      type: 'text',
      multiple: false,
      required: false,
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'contentTemplateType',
            operator: 'is',
            value: 'Inline'
          }
        ]
      }
    },
    inlineMediaUrls: {
      type: 'string',
      multiple: true,
      required: false,
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'contentTemplateType',
            operator: 'is',
            value: 'Inline'
          }
        ]
      }
    },
    validityPeriod: {
      type: 'number',
      multiple: false,
      required: false,
      depends_on: null
    },
    sendAt: {
      type: 'string',
      multiple: false,
      required: false,
      depends_on: {
        match: 'all',
        conditions: [
          {
            fieldKey: 'senderType',
            operator: 'is',
            value: 'Messaging Service'
          },
          {
            fieldKey: 'messagingServiceSid',
            operator: 'is_not',
            value: ''
          }
        ]
      }
    },
    tags: {
      type: 'object',
      multiple: false,
      required: false,
      depends_on: null
    }
  },
  savedValues: {
    channel: ['SMS', 'MMS', 'Whatsapp', 'RCS', 'Messenger'],
    senderType: ['Phone number', 'Messaging Service', 'Facebook Page ID'],
    contentTemplateType: [
      'Inline',
      'Text',
      'Media',
      'Quick Reply',
      'Call to Action',
      'List Picker',
      'Card',
      'WhatsApp Card',
      'WhatsApp Authentication',
      'Catalog',
      'Carousel'
    ]
  }
} as const
