import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sampleCfb, sampleDocx, sampleExe, samplePdf, zipOf } from '../../../test/attachment-fixtures.ts';
import { cleanFileName, decideAttachmentType, isPlainText } from './attachment-type.ts';

const decide = async (bytes: Buffer, name: string) =>
  decideAttachmentType(await fileTypeFromBuffer(bytes), name, bytes);

describe('attachment type by content', () => {
  it('accepts whitelisted signatures whatever the browser said', async () => {
    expect(await decide(samplePdf(), 'proposta.pdf')).toEqual({
      contentType: 'application/pdf',
      name: 'proposta.pdf',
    });
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(await decide(png, 'planta.png')).toMatchObject({ contentType: 'image/png' });
    expect(await decide(sampleDocx(), 'contrato.docx')).toMatchObject({
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      name: 'contrato.docx',
    });
  });

  it('names a file after what it is when the extension lies about an allowed type', async () => {
    expect(await decide(samplePdf(), 'foto.png')).toEqual({
      contentType: 'application/pdf',
      name: 'foto.png.pdf',
    });
  });

  it('refuses executables, plain archives and markup, whatever they are called', async () => {
    expect(await decide(sampleExe(), 'contrato.pdf')).toBeNull();
    expect(await decide(sampleExe(), 'notas.txt')).toBeNull();
    expect(await decide(zipOf([['a.txt', 'oi']]), 'planilha.xlsx')).toBeNull();
    expect(await decide(Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'nota.txt')).toBeNull();
    expect(await decide(Buffer.from('  <svg onload="x()"/>'), 'dados.csv')).toBeNull();
    expect(await decide(Buffer.from('#!/bin/sh\nrm -rf /'), 'leia.txt')).toBeNull();
  });

  it('accepts csv, txt and eml only as text under their own extension', async () => {
    const csv = Buffer.from('nome;valor\nJoão;10\n');
    expect(await decide(csv, 'lista.csv')).toEqual({ contentType: 'text/csv', name: 'lista.csv' });
    expect(await decide(Buffer.from('Olá, tudo bem?', 'latin1'), 'carta.txt')).toMatchObject({
      contentType: 'text/plain',
    });
    expect(await decide(Buffer.from('From: a@b.test\r\nSubject: oi\r\n\r\ncorpo'), 'msg.eml')).toMatchObject({
      contentType: 'message/rfc822',
    });
    // A message with an HTML part is still a message; an HTML page renamed .eml is not.
    const withHtml =
      'From: a@b.test\r\nContent-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\n' +
      'Content-Type: text/html\r\n\r\n<html><body>Olá</body></html>\r\n--x--\r\n';
    expect(await decide(Buffer.from(withHtml), 'resposta.eml')).toMatchObject({
      contentType: 'message/rfc822',
    });
    expect(await decide(Buffer.from('<html><body>oi</body></html>'), 'pagina.eml')).toBeNull();
    expect(await decide(csv, 'lista.html')).toBeNull();
    expect(await decide(csv, 'lista')).toBeNull();
    expect(await decide(Buffer.from([0x61, 0x00, 0x62]), 'binario.txt')).toBeNull();
  });

  it('accepts CFB containers only as doc, xls, ppt or msg', async () => {
    expect(await decide(sampleCfb(), 'antigo.doc')).toEqual({
      contentType: 'application/msword',
      name: 'antigo.doc',
    });
    expect(await decide(sampleCfb(), 'email.msg')).toMatchObject({
      contentType: 'application/vnd.ms-outlook',
    });
    expect(await decide(sampleCfb(), 'setup.msi')).toBeNull();
    expect(await decide(sampleCfb(), 'antigo.pdf')).toBeNull();
  });

  it('judges text by its bytes', () => {
    expect(isPlainText(Buffer.from('\uFEFFa,b\r\n1,2\n'))).toBe(true);
    expect(isPlainText(Buffer.from('texto\u0007com sino'))).toBe(false);
    expect(isPlainText(Buffer.from('preço <script>x</script>'))).toBe(false);
  });

  it('cleans stored names', () => {
    expect(cleanFileName('C:\\Users\\ana\\proposta final.pdf')).toBe('proposta final.pdf');
    expect(cleanFileName('../../etc/"passwd"\n.txt')).toBe('passwd.txt');
    expect(cleanFileName('')).toBe('arquivo');
    expect(cleanFileName(`${'a'.repeat(300)}.pdf`)).toMatch(/^a{251}\.pdf$/);
  });
});
