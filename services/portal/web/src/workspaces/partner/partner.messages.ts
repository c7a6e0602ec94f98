/**
 * The partner workspace's texts; the portal's i18n module spreads them into its one
 * catalogue. Dutch is the default; the English catalogue must have the same keys
 * (a missing one fails to compile). Legal terms stay Dutch. Keys start with `partner.`.
 */
const nl = {
  'partner.title': 'Webhook-abonnementen',
  'partner.intro':
    'Met een abonnement stuurt Ketenpad een melding naar uw server zodra er iets gebeurt in een traject waar u bij betrokken bent. U krijgt alleen meldingen die u mag zien. Elke melding is ondertekend met de geheime sleutel van het abonnement.',
  'partner.new': 'Nieuw abonnement',
  'partner.empty': 'U heeft nog geen abonnementen.',
  'partner.deleted': 'Het abonnement op {url} is verwijderd. Er gaan geen meldingen meer naartoe.',
  'partner.list.caption': 'Uw abonnementen ({count})',
  'partner.failingSince': 'Storing sinds {date}',

  'partner.field.callbackUrl': 'Webhook-adres (callback-URL)',
  'partner.field.callbackUrl.hint':
    'Het adres op uw server dat de meldingen ontvangt. Altijd https; alleen bij ontwikkelen mag http naar uw eigen computer (127.0.0.1). Ketenpad controleert het adres eerst met een OPTIONS-verzoek (CloudEvents-handdruk).',
  'partner.field.eventTypes': 'Welke gebeurtenissen',
  'partner.field.eventTypes.hint':
    'Kies alles, alles van één dienst, of losse soorten (klap de lijst open). Kies er minstens één.',
  'partner.field.classifications': 'Alleen deze soorten gegevens (niet verplicht)',
  'partner.field.classifications.hint':
    'Niets aangevinkt: alle soorten die u mag zien. Medische gegevens gaan nooit naar een ketenpartner.',
  'partner.field.municipalities': 'Alleen trajecten van deze gemeenten (niet verplicht)',
  'partner.field.municipalities.hint':
    'CBS-codes, gescheiden door een komma, bijvoorbeeld GM0363, GM0599. Leeg: alle gemeenten.',
  'partner.field.status': 'Status',
  'partner.field.createdAt': 'Aangemaakt',
  'partner.field.verifiedAt': 'Adres gecontroleerd',
  'partner.filter.noRestriction': 'Geen beperking',
  'partner.detail.classifications': 'Soorten gegevens',
  'partner.detail.municipalities': 'Gemeenten',

  'partner.class.chain': 'Ketengegevens (wie doet wat in het traject)',
  'partner.class.financial': 'Financiële gegevens',
  'partner.class.legal': 'Juridische gegevens (bijvoorbeeld Wsnp, moratorium)',

  'partner.types.all': 'Alle gebeurtenissen',
  'partner.types.allOf': 'Alles van {producer}',
  'partner.types.single': 'Losse soorten van {producer} ({count})',

  'partner.status.active': 'Actief',
  'partner.status.paused': 'Gepauzeerd',
  'partner.status.failing': 'Storing',

  'partner.new.title': 'Nieuw abonnement',
  'partner.new.intro':
    'Vul het adres van uw server in en kies welke meldingen u wilt krijgen. Na het aanmaken ziet u één keer de geheime sleutel.',
  'partner.new.submit': 'Abonnement aanmaken',
  'partner.error.callbackUrlEmpty': 'Vul het webhook-adres in.',
  'partner.error.callbackUrlScheme':
    'Het webhook-adres begint met https:// (of http:// naar 127.0.0.1 bij ontwikkelen).',
  'partner.error.eventTypesEmpty': 'Kies minstens één soort gebeurtenis.',
  'partner.error.municipalities': 'Dit zijn geen CBS-codes zoals GM0363: {codes}',

  'partner.created.title': 'Abonnement aangemaakt',
  'partner.created.open': 'Naar het abonnement',
  'partner.created.back': 'Terug naar de abonnementen',
  'partner.secret.warningTitle': 'Bewaar de geheime sleutel nu',
  'partner.secret.warning':
    'U ziet deze sleutel maar één keer. Ketenpad laat hem hierna nooit meer zien, ook niet als u deze pagina opnieuw laadt. Zonder sleutel kunt u niet controleren of een melding echt van Ketenpad komt.',
  'partner.secret.label': 'Geheime sleutel (signing secret)',
  'partner.secret.hint': 'Hiermee controleert uw server de handtekening van elke melding (Standard Webhooks).',
  'partner.secret.copy': 'Sleutel kopiëren',
  'partner.secret.copied': 'De sleutel staat op het klembord.',
  'partner.secret.selectInstead': 'Kopiëren lukte niet. De sleutel is geselecteerd: kopieer hem zelf (Ctrl+C).',

  'partner.subscription.title': 'Abonnement',
  'partner.failing.title': 'Meldingen komen niet aan',
  'partner.failing.body': 'Sinds {date} lukt het niet om meldingen bij uw server af te leveren.',
  'partner.failing.reason': 'Laatste reden: {answer}.',
  'partner.failing.help':
    'Los het probleem op uw server op en verstuur dan de niet-afgeleverde meldingen opnieuw. Een testmelding laat zien of het weer werkt.',
  'partner.paused.body':
    'Dit abonnement is gepauzeerd. Nieuwe meldingen worden bewaard en pas verstuurd als u het abonnement hervat.',

  'partner.actions.title': 'Acties',
  'partner.action.failed': 'Dat lukte niet: {message}',
  'partner.test.button': 'Testmelding versturen',
  'partner.test.hint':
    'Een testmelding is ondertekend zoals een echte melding, met "test": true erin. Hij gaat niet in het afleverlog.',
  'partner.test.delivered': 'Testmelding afgeleverd: uw server {answer} (in {ms} ms).',
  'partner.test.failed': 'Testmelding niet afgeleverd: uw server {answer}.',
  'partner.pause': 'Pauzeren',
  'partner.resume': 'Hervatten',
  'partner.paused.done': 'Het abonnement is gepauzeerd. Nieuwe meldingen worden bewaard.',
  'partner.resumed.done': 'Het abonnement is hervat. Bewaarde meldingen worden nu verstuurd.',
  'partner.delete': 'Verwijderen',
  'partner.delete.title': 'Abonnement verwijderen',
  'partner.delete.body':
    'Na verwijderen gaan er geen meldingen meer naar {url}. Meldingen in de wachtrij en het afleverlog verdwijnen ook. Dit kunt u niet ongedaan maken.',

  'partner.replay.title': 'Meldingen opnieuw versturen vanaf een moment',
  'partner.replay.intro':
    'Ketenpad verstuurt dan alle meldingen sinds dat moment opnieuw die bij dit abonnement passen en die u vandaag nog mag zien.',
  'partner.replay.from': 'Vanaf',
  'partner.replay.fromHint': 'Datum en tijd (Nederlandse tijd).',
  'partner.replay.fromEmpty': 'Vul in vanaf welk moment.',
  'partner.replay.fromFuture': 'Dit moment ligt in de toekomst.',
  'partner.replay.submit': 'Opnieuw versturen',
  'partner.replay.done': '{count} meldingen sinds {from} staan weer in de wachtrij.',

  'partner.dead.title': 'Niet afgeleverde meldingen',
  'partner.dead.intro':
    'Na 24 uur proberen geeft Ketenpad een melding op. U kunt hem opnieuw laten versturen zodra uw server weer werkt.',
  'partner.dead.empty': 'Er zijn geen niet-afgeleverde meldingen.',
  'partner.dead.caption': 'Niet afgeleverde meldingen ({count})',
  'partner.dead.at': 'Opgegeven op',
  'partner.dead.action': 'Actie',
  'partner.redeliver': 'Opnieuw versturen',
  'partner.redeliver.one': 'Melding {id} opnieuw versturen',
  'partner.redeliver.all': 'Alles opnieuw versturen',
  'partner.redeliver.done': '{count} meldingen staan weer in de wachtrij.',

  'partner.log.title': 'Afleverlog',
  'partner.log.intro': 'Elke poging om een melding af te leveren, de nieuwste bovenaan. Wordt vanzelf bijgewerkt.',
  'partner.log.updated': 'Bijgewerkt om {time}.',
  'partner.log.empty': 'Nog geen pogingen.',
  'partner.log.caption': 'Afleverpogingen (de laatste {count})',
  'partner.log.at': 'Tijdstip',
  'partner.log.notification': 'Melding (id)',
  'partner.log.attempt': 'Poging',
  'partner.log.attempts': 'Pogingen',
  'partner.log.outcome': 'Resultaat',
  'partner.log.answer': 'Antwoord van uw server',
  'partner.log.next': 'Volgende poging',
  'partner.log.latency': 'Duur',
  'partner.log.ms': '{ms} ms',

  'partner.outcome.delivered': 'Afgeleverd',
  'partner.outcome.retry-scheduled': 'Mislukt, komt opnieuw',
  'partner.outcome.dead': 'Opgegeven',

  'partner.answer.status': 'antwoordde met statuscode {status}',
  'partner.answer.none': 'gaf geen antwoord',
  'partner.answer.timeout': 'antwoordde niet op tijd (binnen 10 seconden)',
  'partner.answer.connection-refused': 'weigerde de verbinding',
  'partner.answer.network': 'was niet bereikbaar (netwerkfout)',
  'partner.answer.tls': 'had een probleem met de beveiligde verbinding (TLS)',
};

const en: Record<keyof typeof nl, string> = {
  'partner.title': 'Webhook subscriptions',
  'partner.intro':
    'With a subscription Ketenpad sends a notification to your server as soon as something happens in a pathway you are involved in. You only get notifications you are entitled to. Every notification is signed with the subscription’s secret.',
  'partner.new': 'New subscription',
  'partner.empty': 'You have no subscriptions yet.',
  'partner.deleted': 'The subscription to {url} was deleted. No more notifications go there.',
  'partner.list.caption': 'Your subscriptions ({count})',
  'partner.failingSince': 'Failing since {date}',

  'partner.field.callbackUrl': 'Webhook address (callback URL)',
  'partner.field.callbackUrl.hint':
    'The address on your server that receives the notifications. Always https; only in development http to your own machine (127.0.0.1). Ketenpad checks the address first with an OPTIONS request (CloudEvents handshake).',
  'partner.field.eventTypes': 'Which events',
  'partner.field.eventTypes.hint':
    'Choose everything, everything of one service, or single types (open the list). Choose at least one.',
  'partner.field.classifications': 'Only these kinds of data (optional)',
  'partner.field.classifications.hint':
    'Nothing ticked: every kind you are entitled to. Medical data never goes to a chain partner.',
  'partner.field.municipalities': 'Only pathways of these municipalities (optional)',
  'partner.field.municipalities.hint': 'CBS codes, separated by commas, for example GM0363, GM0599. Empty: all.',
  'partner.field.status': 'Status',
  'partner.field.createdAt': 'Created',
  'partner.field.verifiedAt': 'Address verified',
  'partner.filter.noRestriction': 'No restriction',
  'partner.detail.classifications': 'Kinds of data',
  'partner.detail.municipalities': 'Municipalities',

  'partner.class.chain': 'Chain data (who does what in the pathway)',
  'partner.class.financial': 'Financial data',
  'partner.class.legal': 'Legal data (for example Wsnp, moratorium)',

  'partner.types.all': 'All events',
  'partner.types.allOf': 'Everything of {producer}',
  'partner.types.single': 'Single types of {producer} ({count})',

  'partner.status.active': 'Active',
  'partner.status.paused': 'Paused',
  'partner.status.failing': 'Failing',

  'partner.new.title': 'New subscription',
  'partner.new.intro':
    'Enter your server’s address and choose which notifications you want. After creating it you see the secret once.',
  'partner.new.submit': 'Create subscription',
  'partner.error.callbackUrlEmpty': 'Enter the webhook address.',
  'partner.error.callbackUrlScheme':
    'The webhook address starts with https:// (or http:// to 127.0.0.1 in development).',
  'partner.error.eventTypesEmpty': 'Choose at least one kind of event.',
  'partner.error.municipalities': 'These are not CBS codes like GM0363: {codes}',

  'partner.created.title': 'Subscription created',
  'partner.created.open': 'Go to the subscription',
  'partner.created.back': 'Back to the subscriptions',
  'partner.secret.warningTitle': 'Store the secret now',
  'partner.secret.warning':
    'You see this secret only once. Ketenpad never shows it again, not even when you reload this page. Without it you cannot check that a notification really comes from Ketenpad.',
  'partner.secret.label': 'Signing secret',
  'partner.secret.hint': 'Your server checks the signature of every notification with it (Standard Webhooks).',
  'partner.secret.copy': 'Copy secret',
  'partner.secret.copied': 'The secret is on the clipboard.',
  'partner.secret.selectInstead': 'Copying did not work. The secret is selected: copy it yourself (Ctrl+C).',

  'partner.subscription.title': 'Subscription',
  'partner.failing.title': 'Notifications are not arriving',
  'partner.failing.body': 'Since {date} notifications cannot be delivered to your server.',
  'partner.failing.reason': 'Last reason: {answer}.',
  'partner.failing.help':
    'Fix the problem on your server, then send the undelivered notifications again. A test notification shows whether it works again.',
  'partner.paused.body':
    'This subscription is paused. New notifications are kept and only sent when you resume the subscription.',

  'partner.actions.title': 'Actions',
  'partner.action.failed': 'That did not work: {message}',
  'partner.test.button': 'Send test notification',
  'partner.test.hint':
    'A test notification is signed like a real one, with "test": true in it. It is not in the delivery log.',
  'partner.test.delivered': 'Test notification delivered: your server {answer} (in {ms} ms).',
  'partner.test.failed': 'Test notification not delivered: your server {answer}.',
  'partner.pause': 'Pause',
  'partner.resume': 'Resume',
  'partner.paused.done': 'The subscription is paused. New notifications are kept.',
  'partner.resumed.done': 'The subscription is resumed. Kept notifications are being sent now.',
  'partner.delete': 'Delete',
  'partner.delete.title': 'Delete subscription',
  'partner.delete.body':
    'After deleting, no more notifications go to {url}. Queued notifications and the delivery log are deleted too. This cannot be undone.',

  'partner.replay.title': 'Send notifications again from a moment',
  'partner.replay.intro':
    'Ketenpad then sends again every notification since that moment that matches this subscription and that you are still entitled to today.',
  'partner.replay.from': 'From',
  'partner.replay.fromHint': 'Date and time (Dutch time).',
  'partner.replay.fromEmpty': 'Enter from which moment.',
  'partner.replay.fromFuture': 'This moment is in the future.',
  'partner.replay.submit': 'Send again',
  'partner.replay.done': '{count} notifications since {from} are queued again.',

  'partner.dead.title': 'Undelivered notifications',
  'partner.dead.intro':
    'After 24 hours of trying Ketenpad gives a notification up. You can have it sent again once your server works again.',
  'partner.dead.empty': 'There are no undelivered notifications.',
  'partner.dead.caption': 'Undelivered notifications ({count})',
  'partner.dead.at': 'Given up at',
  'partner.dead.action': 'Action',
  'partner.redeliver': 'Send again',
  'partner.redeliver.one': 'Send notification {id} again',
  'partner.redeliver.all': 'Send all again',
  'partner.redeliver.done': '{count} notifications are queued again.',

  'partner.log.title': 'Delivery log',
  'partner.log.intro': 'Every attempt to deliver a notification, newest first. Updates by itself.',
  'partner.log.updated': 'Updated at {time}.',
  'partner.log.empty': 'No attempts yet.',
  'partner.log.caption': 'Delivery attempts (the last {count})',
  'partner.log.at': 'Time',
  'partner.log.notification': 'Notification (id)',
  'partner.log.attempt': 'Attempt',
  'partner.log.attempts': 'Attempts',
  'partner.log.outcome': 'Outcome',
  'partner.log.answer': 'Answer of your server',
  'partner.log.next': 'Next attempt',
  'partner.log.latency': 'Duration',
  'partner.log.ms': '{ms} ms',

  'partner.outcome.delivered': 'Delivered',
  'partner.outcome.retry-scheduled': 'Failed, will retry',
  'partner.outcome.dead': 'Given up',

  'partner.answer.status': 'answered with status code {status}',
  'partner.answer.none': 'gave no answer',
  'partner.answer.timeout': 'did not answer in time (within 10 seconds)',
  'partner.answer.connection-refused': 'refused the connection',
  'partner.answer.network': 'could not be reached (network error)',
  'partner.answer.tls': 'had a problem with the secure connection (TLS)',
};

export const partnerMessages = { nl, en };
