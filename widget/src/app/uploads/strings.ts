// The words of uploads and the lightbox, in the widget's languages (kept out of the first load).
import type { Locale } from '../i18n.ts';

const en = {
  uploading: 'Uploading {name}',
  cancel: 'Cancel upload of {name}',
  dismiss: 'Dismiss',
  tooLarge: '“{name}” is {size}: files can be up to {max} here.',
  badType: '“{name}” can’t be sent here. Accepted: {types}.',
  failed: '“{name}” was not sent: {reason}',
  network: 'the connection failed.',
  closeImage: 'Close image',
  openOriginal: 'Open original',
};

export type UploadWords = typeof en;

const fr: UploadWords = {
  uploading: 'Envoi de {name}',
  cancel: 'Annuler l’envoi de {name}',
  dismiss: 'Fermer',
  tooLarge: '« {name} » fait {size} : la limite ici est de {max}.',
  badType: '« {name} » ne peut pas être envoyé ici. Acceptés : {types}.',
  failed: '« {name} » n’a pas été envoyé : {reason}',
  network: 'la connexion a échoué.',
  closeImage: 'Fermer l’image',
  openOriginal: 'Ouvrir l’original',
};

const de: UploadWords = {
  uploading: '{name} wird hochgeladen',
  cancel: 'Hochladen von {name} abbrechen',
  dismiss: 'Schließen',
  tooLarge: '„{name}“ ist {size} groß: hier sind höchstens {max} erlaubt.',
  badType: '„{name}“ kann hier nicht gesendet werden. Erlaubt: {types}.',
  failed: '„{name}“ wurde nicht gesendet: {reason}',
  network: 'die Verbindung ist fehlgeschlagen.',
  closeImage: 'Bild schließen',
  openOriginal: 'Original öffnen',
};

const es: UploadWords = {
  uploading: 'Subiendo {name}',
  cancel: 'Cancelar la subida de {name}',
  dismiss: 'Cerrar',
  tooLarge: '«{name}» ocupa {size}: aquí el máximo es {max}.',
  badType: '«{name}» no se puede enviar aquí. Se aceptan: {types}.',
  failed: '«{name}» no se envió: {reason}',
  network: 'la conexión falló.',
  closeImage: 'Cerrar imagen',
  openOriginal: 'Abrir original',
};

const pt: UploadWords = {
  uploading: 'Enviando {name}',
  cancel: 'Cancelar o envio de {name}',
  dismiss: 'Fechar',
  tooLarge: '“{name}” tem {size}: aqui o máximo é {max}.',
  badType: '“{name}” não pode ser enviado aqui. Aceitos: {types}.',
  failed: '“{name}” não foi enviado: {reason}',
  network: 'a conexão falhou.',
  closeImage: 'Fechar imagem',
  openOriginal: 'Abrir original',
};

const WORDS: Record<Locale, UploadWords> = { en, fr, de, es, pt };

export function say(locale: Locale, key: keyof UploadWords, vars: Record<string, string> = {}): string {
  return WORDS[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
}
